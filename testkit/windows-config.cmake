# find_package(winipc-testkit) for a Windows build (mingw-w64 on Linux, or MSVC on Windows): defines
# winipc::testkit by compiling the harness sources beside this file with the project's compiler, and
# winipc_testkit_suite(<target>). This directory is self-contained: a Windows CI job can use a copy of it
# (-Dwinipc-testkit_DIR=<copy>). Call find_package from the top-level CMakeLists.txt (it enables RC there).
#
# GoogleTest (googletest.cmake): a cross build compiles Debian's /usr/src/googletest; another build compiles the
# tree named by WINIPC_GOOGLETEST_SOURCE_DIR, or else finds an installed GTest package.
if(TARGET winipc::testkit)
  return()
endif()
if(NOT WIN32)
  message(FATAL_ERROR "${CMAKE_CURRENT_LIST_FILE} builds the test kit for Windows; on Linux, use the prebuilt "
                      "one: -Dwinipc-testkit_DIR=<prefix>/<libdir>/cmake/winipc-testkit")
endif()
enable_language(RC)  # the harness's manifest (suite.cmake)
if(NOT TARGET winipc_gtest)
  include("${CMAKE_CURRENT_LIST_DIR}/googletest.cmake")
endif()
include("${CMAKE_CURRENT_LIST_DIR}/from_sources.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/suite.cmake")
winipc_testkit_from_sources("${CMAKE_CURRENT_LIST_DIR}")
if(MINGW AND CMAKE_HOST_UNIX)
  # mingw-w64's headers are lower case; ported tests may spell <Windows.h>. Not on a Windows host, whose file
  # system could not hold Windows.h and windows.h apart.
  include("${CMAKE_CURRENT_LIST_DIR}/case_aliases.cmake")
  winipc_case_aliases("${CMAKE_BINARY_DIR}/winipc-testkit/case_aliases")
  target_include_directories(winipc_testkit SYSTEM PUBLIC "${CMAKE_BINARY_DIR}/winipc-testkit/case_aliases")
endif()
set(winipc-testkit_FOUND TRUE)
