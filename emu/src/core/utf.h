// UTF-8 <-> UTF-16 conversion, pure. Lossless both ways for any input:
// - UTF-16 -> UTF-8 encodes an unpaired surrogate as its 3-byte form (WTF-8);
// - UTF-8 -> UTF-16 turns each byte that is not part of valid UTF-8 into U+DC80..U+DCFF (the
//   "surrogateescape" convention), and back. So an A-name of arbitrary bytes names exactly one object, and a
//   valid UTF-8 A-name and the equal UTF-16 W-name name the same one.
#ifndef WINIPC_CORE_UTF_H_
#define WINIPC_CORE_UTF_H_

#include <string>
#include <string_view>

namespace winipc {

std::u16string Utf8ToUtf16(std::string_view utf8);
std::string Utf16ToUtf8(std::u16string_view utf16);
size_t Utf16Length(const char16_t* s);

}  // namespace winipc

#endif  // WINIPC_CORE_UTF_H_
