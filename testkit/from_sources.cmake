# winipc_testkit_from_sources(<root>): defines winipc_testkit (alias winipc::testkit), the conformance harness as a
# static library, compiled from <root>/harness/*.cc for the platform being configured. Tests include its headers
# as "harness/harness.h", so <root> is the include directory.
#
# Used three ways: by this repository's build (root: conformance/), and, installed beside the harness sources,
# by a team's Windows build (mingw-w64 or MSVC) through winipc-testkitConfig.cmake. The Linux package carries the
# library prebuilt instead (testkit/CMakeLists.txt). GoogleTest comes from the target winipc_gtest
# (googletest.cmake), which the caller defines first.
function(winipc_testkit_from_sources root)
  file(GLOB sources CONFIGURE_DEPENDS "${root}/harness/*.cc")
  list(FILTER sources EXCLUDE REGEX "_test\\.cc$")
  # The harness's only per-OS switch: a file ending in _win.cc builds only for Windows, _posix.cc elsewhere.
  if(WIN32)
    list(FILTER sources EXCLUDE REGEX "_posix\\.cc$")
  else()
    list(FILTER sources EXCLUDE REGEX "_win\\.cc$")
  endif()
  add_library(winipc_testkit STATIC ${sources})
  add_library(winipc::testkit ALIAS winipc_testkit)
  target_include_directories(winipc_testkit PUBLIC "$<BUILD_INTERFACE:${root}>")
  target_link_libraries(winipc_testkit PUBLIC $<BUILD_INTERFACE:winipc_gtest>)
  # The headers are C++17; a team's tests may be.
  target_compile_features(winipc_testkit PUBLIC cxx_std_17)
  if(MSVC)
    target_compile_options(winipc_testkit PRIVATE /W3 /utf-8 /EHsc)
  else()
    target_compile_options(winipc_testkit PRIVATE -Wall -Wextra)
  endif()
  if(WIN32)
    set_property(GLOBAL PROPERTY WINIPC_TESTKIT_RESOURCES "${root}/harness/resources_win.rc")
    target_compile_definitions(winipc_testkit PRIVATE NOMINMAX _WIN32_WINNT=0x0A00 WINVER=0x0A00)
  endif()
endfunction()
