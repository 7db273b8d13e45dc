# Every dependency comes from Debian packages (see README). Two ways to find them:
#  - natively, their CMake package configs;
#  - under Emscripten, find_package does not search the host and -I/usr/include would pull in
#    glibc headers, so we point at the header-only libraries through a folder of symlinks.

add_library(prayog_deps INTERFACE)

if(EMSCRIPTEN)
  set(_sysinc "${CMAKE_BINARY_DIR}/host-include")
  file(MAKE_DIRECTORY "${_sysinc}")
  foreach(_lib xsimd xtl catch2)
    if(NOT EXISTS "/usr/include/${_lib}")
      message(FATAL_ERROR "/usr/include/${_lib} is missing: run scripts/setup.sh (npm start/test do)")
    endif()
    file(CREATE_LINK "/usr/include/${_lib}" "${_sysinc}/${_lib}" SYMBOLIC)
  endforeach()
  if(NOT EXISTS "/usr/include/eigen3/Eigen/Core")
    message(FATAL_ERROR "/usr/include/eigen3 is missing: run scripts/setup.sh (npm start/test do)")
  endif()
  target_include_directories(prayog_deps SYSTEM INTERFACE "${_sysinc}" /usr/include/eigen3)
  # Eigen's SSE path includes <mmintrin.h>, which Emscripten lacks; our hot paths are xsimd anyway.
  target_compile_definitions(prayog_deps INTERFACE EIGEN_DONT_VECTORIZE)
  # xsimd picks its SSE2 arch; Emscripten lowers it to WASM SIMD128.
  target_compile_options(prayog_deps INTERFACE -msimd128 -msse2)
  set(PRAYOG_CATCH2_INCLUDE "${_sysinc}")
  # The repository's package.json says "type": "module"; Emscripten's output (the module glue, the
  # test binary) is classic script/CommonJS, so the build tree declares itself CommonJS for node.
  file(WRITE "${CMAKE_BINARY_DIR}/package.json" "{ \"type\": \"commonjs\" }\n")
else()
  find_package(Eigen3 3.4 REQUIRED NO_MODULE)
  find_package(xtl REQUIRED)  # before xsimd, or its xtl link becomes a bare -lxtl
  find_package(xsimd REQUIRED)
  target_link_libraries(prayog_deps INTERFACE Eigen3::Eigen xsimd)
  # Same arithmetic natively and in the browser: no silent fused multiply-adds.
  target_compile_options(prayog_deps INTERFACE -ffp-contract=off)
endif()
