// The alliance command-line driver; see driver.hpp and docs/driver.md.
#include <string>
#include <vector>

#include "driver.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
    return alliance::cli::run(arguments);
}
