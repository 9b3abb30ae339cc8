// stdafx.h : include file for standard system include files.
#pragma once

#define WIN32_LEAN_AND_MEAN
#include <Windows.h>
#include <tchar.h>
#include <stdio.h>
#include <strsafe.h>
