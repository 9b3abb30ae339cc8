# Debian packages (CPack's DEB generator) and the source tarball. From a build made with the `package` preset:
#   cmake --preset package && cmake --build --preset package && (cd build/package && cpack)
# gives libwinipc0_<version>_<arch>.deb (the shared library), libwinipc-dev_<version>_<arch>.deb (headers,
# libwinipc.a, libwinipc_main.a, pkg-config and CMake files) and winipc-testkit_<version>_<arch>.deb (the test kit
# and winipc-run), installable with `apt-get install ./libwinipc*.deb ./winipc-testkit*.deb`.
# `cpack --config CPackSourceConfig.cmake` makes winipc-<version>.tar.gz, which builds with the README's
# commands. The install components are emu/CMakeLists.txt's `runtime` and `dev`, and testkit/CMakeLists.txt's
# `testkit`.
set(WINIPC_PACKAGE_MAINTAINER "winipc developers <winipc@localhost>" CACHE STRING
    "The Maintainer field of the Debian packages (name <address>)")

set(CPACK_PACKAGE_NAME winipc)
set(CPACK_PACKAGE_VENDOR "the winipc developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Win32 named shared memory and sync objects on Linux")
set(CPACK_PACKAGE_CONTACT "${WINIPC_PACKAGE_MAINTAINER}")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
if(WINIPC_BUILD_TESTKIT)
  list(APPEND CPACK_COMPONENTS_ALL testkit)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${WINIPC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libwinipc0)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)  # libc6, libstdc++6, libgcc-s1 from dpkg-shlibdeps
# The shlibs file (what a program linked with libwinipc.so.0 depends on) and an ldconfig trigger, written here:
# CPack's own would run ldconfig from maintainer scripts, which Debian replaced by the trigger.
set(shlibs ${CMAKE_BINARY_DIR}/packaging/libwinipc0/shlibs)
file(WRITE ${shlibs} "libwinipc ${PROJECT_VERSION_MAJOR} libwinipc0 (>= ${PROJECT_VERSION})\n")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA ${shlibs} ${PROJECT_SOURCE_DIR}/packaging/libwinipc0/triggers
    ${PROJECT_SOURCE_DIR}/packaging/libwinipc0/postinst ${PROJECT_SOURCE_DIR}/packaging/libwinipc0/postrm)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "Win32 named shared memory and sync objects on Linux - library
winipc implements the Win32 calls that Windows programs use to share memory
between processes (CreateFileMapping, OpenFileMapping, MapViewOfFile, named
events, mutexes, semaphores and waitable timers) on Linux, with Windows'
return values, error codes and lifetime rules, and no server process.
This package holds the shared library, libwinipc.so.0.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libwinipc-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# libstdc++'s development files: libwinipc_main and the static archive are C++, also for a C program.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libwinipc0 (= ${PROJECT_VERSION}), libc6-dev, libstdc++-12-dev | libstdc++-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SUGGESTS "pkgconf, cmake")
set(CPACK_COMPONENT_DEV_DESCRIPTION
    "Win32 named shared memory and sync objects on Linux - development
winipc implements the Win32 calls that Windows programs use to share memory
between processes on Linux, with Windows' return values, error codes and
lifetime rules, and no server process.
This package holds the headers (windows.h and the SDK's other names, in
/usr/include/winipc), the static archive, libwinipc_main (the main that calls
wmain and _tmain), and the pkg-config and CMake files.")

set(CPACK_DEBIAN_TESTKIT_PACKAGE_NAME winipc-testkit)
set(CPACK_DEBIAN_TESTKIT_PACKAGE_SECTION devel)
# The Linux build links Debian's GoogleTest (libgtest-dev, libgmock-dev); a Windows build compiles its sources
# (googletest) with mingw-w64 and runs under Wine, which winipc-run needs and so recommends.
set(CPACK_DEBIAN_TESTKIT_PACKAGE_DEPENDS
    "libwinipc-dev (= ${PROJECT_VERSION}), libgtest-dev (>= 1.12), libgmock-dev (>= 1.12), googletest (>= 1.12), \
cmake (>= 3.25), ninja-build, g++, pkgconf, python3 (>= 3.11)")
set(CPACK_DEBIAN_TESTKIT_PACKAGE_RECOMMENDS "g++-mingw-w64-x86-64-posix, wine64")
set(CPACK_COMPONENT_TESTKIT_DESCRIPTION
    "Win32 named shared memory and sync objects on Linux - test kit
winipc implements the Win32 calls that Windows programs use to share memory
between processes on Linux, with Windows' return values, error codes and
lifetime rules, and no server process.
This package holds the harness of winipc's conformance suite as a library for
a project's own GoogleTest tests of Win32 code (children of the same binary,
owning handles, matchers of return value and last error, behaviour IDs), the
sources that build it for Windows with mingw-w64, and winipc-run, which
builds such tests for emu and for Windows, runs them on both (Windows under
Wine), and reports where they differ.")

# Each package's /usr/share/doc/<package>: the copyright file and the compressed changelog Debian asks for (a
# native package's: changelog.gz).
set(changelog_gz ${CMAKE_BINARY_DIR}/packaging/changelog.gz)
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/packaging)
# gzip -n: no name or time stamp in the file, so that the same changelog always makes the same bytes.
execute_process(COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/packaging/changelog OUTPUT_FILE ${changelog_gz}
                COMMAND_ERROR_IS_FATAL ANY)
foreach(component ${CPACK_COMPONENTS_ALL})
  string(TOUPPER ${component} upper)
  set(package ${CPACK_DEBIAN_${upper}_PACKAGE_NAME})
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package}
          COMPONENT ${component})
  install(FILES ${changelog_gz} DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()

if(WINIPC_BUILD_TESTKIT)
  set(man_gz ${CMAKE_BINARY_DIR}/packaging/winipc-run.1.gz)
  execute_process(COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/packaging/winipc-run.1 OUTPUT_FILE ${man_gz}
                  COMMAND_ERROR_IS_FATAL ANY)
  install(FILES ${man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT testkit)
endif()

# The source tarball: the tree as the README builds it, without builds, caches or Git's files.
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME winipc-${PROJECT_VERSION})
set(CPACK_SOURCE_IGNORE_FILES "/build/" "/\\\\.git/" "/\\\\.git$" "__pycache__" "\\\\.pyc$" "/\\\\.pytest_cache/")

include(CPack)
