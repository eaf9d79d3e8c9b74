# Finds ReadStat (https://github.com/WizardMac/ReadStat; Debian libreadstat-dev), the C library
# that reads SPSS and Stata files, which ships no CMake package of its own: by its header and its
# library. Defines ReadStat_FOUND, ReadStat_INCLUDE_DIR, ReadStat_LIBRARY and, when found, the
# imported target ReadStat::ReadStat. Installed beside allianceConfig.cmake, which uses it to find
# ReadStat again for alliance::readstat. -DCMAKE_DISABLE_FIND_PACKAGE_ReadStat=ON builds without it.
find_path(ReadStat_INCLUDE_DIR readstat.h)
find_library(ReadStat_LIBRARY readstat)
mark_as_advanced(ReadStat_INCLUDE_DIR ReadStat_LIBRARY)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(ReadStat REQUIRED_VARS ReadStat_LIBRARY ReadStat_INCLUDE_DIR)

if(ReadStat_FOUND AND NOT TARGET ReadStat::ReadStat)
  # GLOBAL: alliance::readstat names it, and an add_subdirectory user links that from another directory.
  add_library(ReadStat::ReadStat UNKNOWN IMPORTED GLOBAL)
  set_target_properties(ReadStat::ReadStat PROPERTIES
    IMPORTED_LOCATION "${ReadStat_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${ReadStat_INCLUDE_DIR}")
endif()
