# Fails when the compiler's dependency list (a make rule written by -M) names a header under
# one of FORBIDDEN (a ;-list such as "boost/;nlohmann/"): proof that a tier's program compiled
# without that package's headers.  cmake -DDEPS=file -DFORBIDDEN=... -P check_includes.cmake
file(READ "${DEPS}" deps)
string(LENGTH "${deps}" length)
if(length EQUAL 0)
  message(FATAL_ERROR "${DEPS} is empty: the compiler wrote no dependency list")
endif()
if(NOT deps MATCHES "alliance/")
  message(FATAL_ERROR "${DEPS} names no alliance header: it is not the consumer's dependency list")
endif()
foreach(prefix IN LISTS FORBIDDEN)
  string(FIND "${deps}" "/${prefix}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the program includes a header under ${prefix}:\n${deps}")
  endif()
endforeach()
message(STATUS "${DEPS}: no header under ${FORBIDDEN}")
