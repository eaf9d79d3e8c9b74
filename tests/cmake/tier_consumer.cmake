# Shared by the per-tier consumers: builds `consumer` from SOURCE linked to TARGET, then
# compiles SOURCE again with the same flags and -M into consumer.deps and checks that no header
# under FORBIDDEN was included (check_includes.cmake). Both happen at build time, so a tier
# that pulls in a foreign header fails the consumption test.
set(alliance_tier_consumer_dir ${CMAKE_CURRENT_LIST_DIR})
function(alliance_tier_consumer source target forbidden)
  add_executable(consumer ${source})
  target_link_libraries(consumer PRIVATE ${target})
  set(deps ${CMAKE_CURRENT_BINARY_DIR}/consumer.deps)
  add_custom_command(OUTPUT ${deps}
    COMMAND ${CMAKE_CXX_COMPILER} -std=c++20
      "$<$<BOOL:$<TARGET_PROPERTY:consumer,INCLUDE_DIRECTORIES>>:-I$<JOIN:$<TARGET_PROPERTY:consumer,INCLUDE_DIRECTORIES>,;-I>>"
      -M -MF ${deps} ${source}
    COMMAND ${CMAKE_COMMAND} -DDEPS=${deps} "-DFORBIDDEN=${forbidden}"
      -P ${alliance_tier_consumer_dir}/check_includes.cmake
    DEPENDS ${source} VERBATIM COMMAND_EXPAND_LISTS)
  add_custom_target(consumer_includes ALL DEPENDS ${deps})
endfunction()
