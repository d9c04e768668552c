// SPDX-License-Identifier: MIT
// libsystemc defines main() and calls sc_main(); Catch2 provides main here, so this stub
// only satisfies the linker.
extern "C" int sc_main(int, char*[]) { return 0; }
