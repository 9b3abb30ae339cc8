# winipc_testkit_suite(<target>): makes <target>, a GoogleTest executable of a project's Win32 tests, the suite
# that winipc-run builds and runs. It links winipc::testkit (whose main runs the tests, or a child when the
# harness starts the binary as one), and on Windows makes the program a UTF-8 process, as emu always is, and
# self-contained (mingw-w64: linked -static, so Wine or a bare Windows needs no mingw DLL beside it).
#
# At generate time it writes <build>/winipc-testkit-suite.txt, the executable's path, where winipc-run finds it
# (winipc-testkit-suite-<config>.txt with a multi-configuration generator).
# One suite per project: winipc-run runs one test executable on each implementation and compares them.
function(winipc_testkit_suite target)
  get_property(suite GLOBAL PROPERTY WINIPC_TESTKIT_SUITE)
  if(suite)
    message(FATAL_ERROR "winipc_testkit_suite(${target}): ${suite} is this project's suite already; winipc-run "
                        "runs one test executable, so put the tests into one")
  endif()
  set_property(GLOBAL PROPERTY WINIPC_TESTKIT_SUITE ${target})
  target_link_libraries(${target} PRIVATE winipc::testkit)
  if(WIN32)
    # The application manifest that sets the UTF-8 code page (harness/utf8_code_page_win.manifest).
    get_property(resources GLOBAL PROPERTY WINIPC_TESTKIT_RESOURCES)  # set by winipc_testkit_from_sources
    target_sources(${target} PRIVATE "${resources}")
    if(MSVC)
      target_link_options(${target} PRIVATE /MANIFEST:NO)  # ours is the only manifest
    elseif(MINGW)
      target_link_options(${target} PRIVATE -static)
    endif()
  endif()
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)  # Visual Studio: one binary per configuration
    file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/winipc-testkit-suite-$<CONFIG>.txt" CONTENT "$<TARGET_FILE:${target}>\n")
  else()
    file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/winipc-testkit-suite.txt" CONTENT "$<TARGET_FILE:${target}>\n")
  endif()
endfunction()
