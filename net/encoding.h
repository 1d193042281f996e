// Encodings and decoders as the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/) defines
// them, for XMLHttpRequest's text decoding and for TextDecoder/TextEncoder.
// Values and decoders: a Decoder is used by one thread at a time. Encoding is a small value type
// that any thread may use; different Decoders may be used on different threads at once.
// Decoded text is UTF-8. Decoders never read outside the bytes they are given.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace duknet::net {

// https://encoding.spec.whatwg.org/#error-mode (an encoder's "html" mode is not needed here)
enum class ErrorMode : uint8_t { Replacement, Fatal };

class Decoder;

// https://encoding.spec.whatwg.org/#encoding: one of the standard's encodings.
class Encoding {
public:
    // In the order of https://encoding.spec.whatwg.org/#names-and-labels.
    enum class Id : uint8_t {
        Utf8,
        Ibm866,
        Iso8859_2,
        Iso8859_3,
        Iso8859_4,
        Iso8859_5,
        Iso8859_6,
        Iso8859_7,
        Iso8859_8,
        Iso8859_8I,
        Iso8859_10,
        Iso8859_13,
        Iso8859_14,
        Iso8859_15,
        Iso8859_16,
        Koi8R,
        Koi8U,
        Macintosh,
        Windows874,
        Windows1250,
        Windows1251,
        Windows1252,
        Windows1253,
        Windows1254,
        Windows1255,
        Windows1256,
        Windows1257,
        Windows1258,
        XMacCyrillic,
        Gbk,
        Gb18030,
        Big5,
        EucJp,
        Iso2022Jp,
        ShiftJis,
        EucKr,
        Replacement,
        Utf16Be,
        Utf16Le,
        XUserDefined,
    };

    constexpr explicit Encoding(Id id) : id_(id) {}
    static constexpr Encoding utf8() { return Encoding(Id::Utf8); }

    constexpr Id id() const { return id_; }
    // The standard's name, e.g. "UTF-8", "windows-1252", "Shift_JIS", "UTF-16LE".
    std::string_view name() const;

    // https://encoding.spec.whatwg.org/#interface-textdecoder: a decoder with TextDecoder's
    // semantics (its error mode, ignore BOM, "do not flush" and "BOM seen").
    Decoder new_decoder(ErrorMode mode = ErrorMode::Replacement, bool ignore_bom = false) const;

    bool operator==(const Encoding&) const = default;

private:
    Id id_;
};

// https://encoding.spec.whatwg.org/#concept-encoding-get: the label is trimmed of ASCII whitespace
// and matched ASCII case-insensitively; nullopt when it is no label of any encoding.
std::optional<Encoding> get_an_encoding(std::string_view label);

// A streaming decoder from bytes to UTF-8 text, as TextDecoder holds one.
class Decoder {
public:
    Decoder(Decoder&&) noexcept;
    Decoder& operator=(Decoder&&) noexcept;
    ~Decoder();

    Encoding encoding() const { return encoding_; }
    ErrorMode error_mode() const { return mode_; }
    bool ignore_bom() const { return ignore_bom_; }

    // https://encoding.spec.whatwg.org/#dom-textdecoder-decode
    // With stream true, an incomplete sequence at the end of bytes is kept for the next call; with
    // stream false, the decoder is flushed (an incomplete sequence is an error) and the next call
    // starts afresh. nullopt on an error in Fatal mode.
    std::optional<std::string> decode(std::string_view bytes, bool stream = false);

private:
    friend class Encoding;
    struct State;

    Decoder(Encoding encoding, ErrorMode mode, bool ignore_bom);

    Encoding encoding_;
    ErrorMode mode_;
    bool ignore_bom_;
    bool do_not_flush_ = false;
    bool bom_seen_ = false;
    std::unique_ptr<State> state_;
};

// https://encoding.spec.whatwg.org/#bom-sniff: UTF-8, UTF-16BE or UTF-16LE when bytes start with
// that encoding's byte order mark.
std::optional<Encoding> bom_sniff(std::string_view bytes);

// https://encoding.spec.whatwg.org/#decode: BOM sniffing (the BOM is not decoded), otherwise the
// fallback encoding; errors become U+FFFD.
std::string decode(std::string_view bytes, const Encoding& fallback);

// https://encoding.spec.whatwg.org/#utf-8-decode (a leading UTF-8 BOM is skipped)
std::string utf8_decode(std::string_view bytes);

// https://encoding.spec.whatwg.org/#utf-8-decode-without-bom
std::string utf8_decode_without_bom(std::string_view bytes);

// https://encoding.spec.whatwg.org/#utf-8-encode of a JavaScript string: its code units are taken
// as a scalar value string first (https://infra.spec.whatwg.org/#javascript-string-convert, a lone
// surrogate becomes U+FFFD), as TextEncoder's USVString argument does.
std::string utf8_encode(std::u16string_view text);

} // namespace duknet::net
