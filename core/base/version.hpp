#pragma once

namespace prayog {

// Set by CMake from the project version; the fallback keeps single-file tools compiling.
#ifndef PRAYOG_VERSION
#define PRAYOG_VERSION "0.0.0-dev"
#endif

constexpr const char* kVersion = PRAYOG_VERSION;

}  // namespace prayog
