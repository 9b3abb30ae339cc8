// Strict UTF-8 <-> UTF-16 conversion for MultiByteToWideChar / WideCharToMultiByte (code page 65001), pure.
// Unlike utf.h (lossless, for object names), invalid input is either refused (`strict`, the *_ERR_INVALID_CHARS
// flags) or replaced by U+FFFD, one per maximal ill-formed subsequence, as Windows does since Vista.
#ifndef WINIPC_CORE_CODE_PAGE_H_
#define WINIPC_CORE_CODE_PAGE_H_

#include <string>
#include <string_view>

namespace winipc {

// Returns false (and leaves `out` partial) if `strict` and the input is not valid UTF-8.
bool DecodeUtf8Strict(std::string_view in, bool strict, std::u16string* out);
// Returns false if `strict` and the input has an unpaired surrogate.
bool EncodeUtf8Strict(std::u16string_view in, bool strict, std::string* out);

}  // namespace winipc

#endif  // WINIPC_CORE_CODE_PAGE_H_
