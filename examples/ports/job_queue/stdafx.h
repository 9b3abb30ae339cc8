// stdafx.h : the precompiled header of a Visual Studio console project.
#pragma once

#include <Windows.h>
#include <tchar.h>
#include <process.h>
#include <stdio.h>
#include <stdlib.h>
