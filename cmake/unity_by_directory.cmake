# The conformance suite compiles one area (directory) at a time, a unity build: a test file's own code is small
# next to parsing GoogleTest, gmock and the SDK headers, so compiling an area's files together builds the suite
# about three times faster (3 min 21 s to 1 min 9 s on 2 cores), and it builds four times in CI (emu, mingw-w64,
# ASan, TSan). emu's unit tests stay file by file: their torture tests each define their own shared state.
#
# The price: a file's helpers in namespace { } are seen by the other files of its directory, so two files of
# one directory must not define the same name (the build fails at once when they do). Shared helpers go in a
# header of the directory. -DWINIPC_UNITY_TESTS=OFF compiles file by file.
option(WINIPC_UNITY_TESTS "Compile the conformance suite one area at a time (unity build)" ON)

# Groups the sources of `target` by their directory.
function(winipc_unity_by_directory target)
  if(NOT WINIPC_UNITY_TESTS)
    return()
  endif()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    if(source MATCHES "\\.(cc|cpp|cxx)$")
      get_filename_component(source_dir "${source}" DIRECTORY)
      get_filename_component(group "${source_dir}" NAME)
      set_source_files_properties("${source}" TARGET_DIRECTORY ${target} PROPERTIES UNITY_GROUP "${group}")
    endif()
  endforeach()
endfunction()
