// stdafx.h : include file for standard system include files, or project specific include files that are used
// frequently but changed infrequently.
#pragma once

#include "targetver.h"

#include <Windows.h>
#include <tchar.h>
#include <stdio.h>
#include <io.h>
#include <fcntl.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <direct.h>
#include <strsafe.h>
