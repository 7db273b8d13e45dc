# Sourced by the build scripts: environment every Emscripten call needs.
# Debian's emcc runs its JS optimiser with the system node, which finds Debian's acorn only here.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
