/* Two programs meet in the Local namespace: `meet first` creates a named section, writes into it, creates a named
 * event and waits for it; `meet second` opens both (waiting up to 10 s for the event), checks the
 * first's text, answers in the section and sets the event. Built against the shared library, the static one, or a
 * build of another name-table format (emu/tests/install_and_link.sh, emu/tests/other_format.sh). Prints what
 * happened; on a failed call, the call and its last error. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int fail(const char* what) {
  printf("%s failed: error %lu\n", what, (unsigned long)GetLastError());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (strcmp(argv[1], "first") == 0) {
    HANDLE map = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "winipc-meet-data");
    if (map == NULL) return fail("CreateFileMapping");
    char* view = (char*)MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    if (view == NULL) return fail("MapViewOfFile");
    strcpy(view, "from first");
    /* The event exists once the text is written: the second program looks for it first. */
    HANDLE done = CreateEventA(NULL, FALSE, FALSE, "winipc-meet-done");
    if (done == NULL) return fail("CreateEvent");
    if (WaitForSingleObject(done, 10000) != WAIT_OBJECT_0) return fail("WaitForSingleObject");
    char answer[64];
    memcpy(answer, view + 64, sizeof answer);
    answer[sizeof answer - 1] = '\0';
    printf("first: %s\n", answer);
    UnmapViewOfFile(view);
    CloseHandle(done);
    CloseHandle(map);
    return strcmp(answer, "from second") == 0 ? 0 : 3;
  }
  HANDLE done = NULL;
  for (int i = 0; i < 1000 && done == NULL; ++i) {
    done = OpenEventA(EVENT_MODIFY_STATE, FALSE, "winipc-meet-done");
    if (done == NULL && GetLastError() != ERROR_FILE_NOT_FOUND) return fail("OpenEvent");
    if (done == NULL) Sleep(10);
  }
  if (done == NULL) return fail("OpenEvent (10 s)");
  HANDLE map = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, "winipc-meet-data");
  if (map == NULL) return fail("OpenFileMapping");
  char* view = (char*)MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, 0, 0);
  if (view == NULL) return fail("MapViewOfFile");
  printf("second: %s\n", view);
  if (strcmp(view, "from first") != 0) return 4;
  strcpy(view + 64, "from second");
  if (!SetEvent(done)) return fail("SetEvent");
  UnmapViewOfFile(view);
  CloseHandle(done);
  CloseHandle(map);
  return 0;
}
