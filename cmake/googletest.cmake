# GoogleTest and GoogleMock for both builds, as one INTERFACE target: winipc_gtest (no gtest_main; the
# conformance harness has its own main).
#
# Linux links Debian's installed libraries (libgtest-dev, libgmock-dev). The Windows cross build cannot use
# them, so it compiles the sources Debian ships in /usr/src/googletest (package googletest, same version).

add_library(winipc_gtest INTERFACE)

# A source tree is compiled for the cross build (Debian's /usr/src/googletest) and for any build that names one
# (MSVC on a Windows CI runner: the workflow clones GoogleTest and passes WINIPC_GOOGLETEST_SOURCE_DIR).
if(CMAKE_CROSSCOMPILING AND NOT WINIPC_GOOGLETEST_SOURCE_DIR)
  set(WINIPC_GOOGLETEST_SOURCE_DIR "/usr/src/googletest" CACHE PATH "GoogleTest source tree to compile")
endif()
if(WINIPC_GOOGLETEST_SOURCE_DIR)
  if(NOT EXISTS "${WINIPC_GOOGLETEST_SOURCE_DIR}/CMakeLists.txt")
    message(FATAL_ERROR "No GoogleTest sources in ${WINIPC_GOOGLETEST_SOURCE_DIR}: apt-get install googletest")
  endif()
  set(BUILD_GMOCK ON CACHE BOOL "" FORCE)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)  # MSVC: the same runtime (/MD) as the suite
  add_subdirectory("${WINIPC_GOOGLETEST_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/_deps/googletest" EXCLUDE_FROM_ALL)
  target_link_libraries(winipc_gtest INTERFACE gmock gtest)
else()
  find_package(GTest 1.12 CONFIG REQUIRED)
  target_link_libraries(winipc_gtest INTERFACE GTest::gmock GTest::gtest)
endif()
