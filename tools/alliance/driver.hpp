// The alliance command-line driver (driver.cpp): runs one command line and returns its exit
// status; main.cpp, and any test that runs whole command lines, call it.
#pragma once

#include <span>
#include <string>

namespace alliance::cli {

// Runs one command line (without the program name) and returns the exit status: 0 every row is
// ok or partial, 1 some rows are errors, 2 usage errors, unreadable input, a header without the
// needed columns (docs/driver.md).
int run(std::span<const std::string> arguments);

}  // namespace alliance::cli
