// The library's version, in one place: CMake's project() reads it from here, the command-line
// driver prints it (`alliance --version`), and the Python and R packages report it
// (`alliance.__version__`, `packageVersion("alliance")`, whose metadata a test holds to it).
#pragma once

#include <string_view>

#define ALLIANCE_VERSION_MAJOR 0
#define ALLIANCE_VERSION_MINOR 1
#define ALLIANCE_VERSION_PATCH 0

#define ALLIANCE_VERSION_TEXT_(major, minor, patch) #major "." #minor "." #patch
#define ALLIANCE_VERSION_TEXT(major, minor, patch) ALLIANCE_VERSION_TEXT_(major, minor, patch)

namespace alliance {

// "0.1.0"
inline constexpr std::string_view version =
    ALLIANCE_VERSION_TEXT(ALLIANCE_VERSION_MAJOR, ALLIANCE_VERSION_MINOR, ALLIANCE_VERSION_PATCH);

}  // namespace alliance
