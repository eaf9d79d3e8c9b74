// Output of the alliance driver: a byte sink (a file opened on first write, or memory), a
// buffered writer, and a table writer that renders rows as CSV (RFC 4180, LF line ends) or as
// JSON Lines. Numbers use the shortest text that reads back to the same double (std::to_chars);
// an empty CSV cell, or null in JSON, means "not computed".
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alliance::cli {

// Writing failed (disk full, unwritable path): the run cannot complete.
class output_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class output_sink {
public:
    virtual ~output_sink() = default;
    virtual void write(std::string_view bytes) = 0;
    virtual void flush() {}
    // Forgets everything written so far, when it can (`score --long` starts its output again
    // when its input turns out not to be grouped: io/spool.hpp); false when it cannot.
    [[nodiscard]] virtual bool rewind() { return false; }
};

class string_sink final : public output_sink {
public:
    void write(std::string_view bytes) override { text.append(bytes); }
    [[nodiscard]] bool rewind() override {
        text.clear();
        return true;
    }
    std::string text;
};

// Temporary output files not yet renamed into place, removed if the program is stopped by a
// signal (SIGINT, SIGTERM, SIGHUP): the handler may only call async-signal-safe functions, so
// the paths are kept in fixed arrays, not in std::string.
class pending_outputs {
public:
    static constexpr std::size_t slots = 8;
    static constexpr std::size_t path_bytes = 4096;

    // Remembers `path`; returns its slot, or slots when none is free or the path is too long
    // (then a signal leaves the file behind, as it would without this registry).
    static std::size_t add(const std::string& path) noexcept {
        install_handlers();
        if (path.size() >= path_bytes) return slots;
        for (std::size_t i = 0; i < slots; ++i) {
            if (used()[i] != 0) continue;
            std::memcpy(paths()[i], path.c_str(), path.size() + 1);
            used()[i] = 1;
            return i;
        }
        return slots;
    }
    static void remove(std::size_t slot) noexcept {
        if (slot < slots) used()[slot] = 0;
    }

private:
    using path_array = char[slots][path_bytes];
    static path_array& paths() noexcept {
        static path_array storage{};
        return storage;
    }
    static volatile std::sig_atomic_t* used() noexcept {
        static volatile std::sig_atomic_t flags[slots] = {};
        return flags;
    }
    static void on_signal(int signal_number) {
        for (std::size_t i = 0; i < slots; ++i)
            if (used()[i] != 0) ::unlink(paths()[i]);
        std::signal(signal_number, SIG_DFL);
        std::raise(signal_number);
    }
    static void install_handlers() noexcept {
        static const bool installed = [] {
            for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
                // A signal the caller ignores (nohup, a background job) stays ignored.
                const auto previous = std::signal(signal_number, &pending_outputs::on_signal);
                if (previous == SIG_IGN) std::signal(signal_number, SIG_IGN);
            }
            return true;
        }();
        (void)installed;
    }
};

// Standard output for "-"; else FILE, written all at once or not at all, as `sort -o` and
// databases do: the bytes go to a temporary file in FILE's directory (so the rename cannot
// cross file systems), which close() flushes to disk and renames over FILE. A run that fails
// (an exception, a signal the program handles) removes the temporary file and leaves FILE as
// it was; a run that stops before writing leaves no file behind. A FILE that exists and is not
// a regular file (/dev/null, a named pipe, a terminal) is written in place, since it cannot be
// replaced. The new file gets the old FILE's permission bits, or 0666 less the umask.
class stdio_sink final : public output_sink {
public:
    explicit stdio_sink(std::string path) : path_(std::move(path)) {}
    stdio_sink(const stdio_sink&) = delete;
    stdio_sink& operator=(const stdio_sink&) = delete;
    ~stdio_sink() override { discard(); }

    void write(std::string_view bytes) override {
        if (stream_ == nullptr) open();
        if (std::fwrite(bytes.data(), 1, bytes.size(), stream_) != bytes.size()) fail("cannot write to ");
        if (!temporary_.empty()) start_writeback(bytes.size());
    }
    void flush() override {
        if (stream_ != nullptr && std::fflush(stream_) != 0) fail("cannot write to ");
    }
    // Only the temporary file of -o FILE, which nobody has seen yet, can be emptied.
    [[nodiscard]] bool rewind() override {
        if (stream_ == nullptr) open();
        if (temporary_.empty()) return false;
        if (std::fflush(stream_) != 0 || ::ftruncate(::fileno(stream_), 0) != 0 ||
            std::fseek(stream_, 0, SEEK_SET) != 0)
            fail("cannot write to ");
        written_ = requested_ = 0;
        return true;
    }
    // Flushes and closes, then puts the file in place; reports what a destructor would have to
    // swallow. A run that succeeded without writing a byte leaves an empty FILE, as `sort -o`.
    void close() {
        if (stream_ == nullptr) open();
        flush();
        if (stream_ == stdout) return;
        // A file system without fsync (EINVAL, ENOTSUP) still gets the rename.
        if (!temporary_.empty() && ::fsync(::fileno(stream_)) != 0 && errno != EINVAL && errno != ENOTSUP)
            fail("cannot write to ");
        const int status = std::fclose(stream_);
        stream_ = nullptr;
        if (status != 0) fail("cannot write to ");
        if (temporary_.empty()) return;
        if (std::rename(temporary_.c_str(), target_.c_str()) != 0) fail("cannot rename the temporary file to ");
        pending_outputs::remove(slot_);
        temporary_.clear();
    }

private:
    void open() {
        if (path_ == "-") {
            stream_ = stdout;
            return;
        }
        namespace fs = std::filesystem;
        std::error_code error;
        // Through a symbolic link to the file it names, which is replaced, not the link.
        target_ = fs::is_symlink(path_, error) ? fs::weakly_canonical(path_, error) : fs::path(path_);
        if (error) target_ = path_;
        const fs::file_status status = fs::status(target_, error);
        if (fs::is_directory(status)) throw output_error("cannot create " + name() + ": it is a directory");
        if (fs::exists(status) && !fs::is_regular_file(status)) {
            stream_ = std::fopen(path_.c_str(), "wb");
            if (stream_ == nullptr) throw output_error("cannot create " + name() + ": " + std::strerror(errno));
            return;
        }
        const fs::path directory = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
        // A name of its own, not FILE's with a suffix, which a file system may find too long.
        std::string pattern = (directory / ".alliance-output.XXXXXX").string();
        const int descriptor = ::mkstemp(pattern.data());
        if (descriptor < 0) {
            const int code = errno;
            if (code == ENOENT || code == ENOTDIR || code == ENAMETOOLONG)
                throw output_error("cannot create " + name() + ": " + std::strerror(code));
            // FILE itself may be writable: say that the directory is what is needed.
            throw output_error("cannot create " + name() + ": the output goes to a temporary file in '" +
                               directory.string() + "', renamed into place when the run completes, and " +
                               "that directory refuses it: " + std::strerror(code));
        }
        temporary_ = pattern;
        slot_ = pending_outputs::add(temporary_);
        ::fchmod(descriptor, fs::exists(status) ? static_cast<mode_t>(status.permissions()) & 07777
                                                : 0666 & ~current_umask());
        stream_ = ::fdopen(descriptor, "wb");
        if (stream_ == nullptr) {
            ::close(descriptor);
            fail("cannot create ");
        }
    }
    // The umask cannot be read without setting it; the driver has no other threads.
    static mode_t current_umask() noexcept {
        const mode_t mask = ::umask(022);
        ::umask(mask);
        return mask;
    }
    // Closes and removes the temporary file, if any.
    void discard() noexcept {
        if (stream_ != nullptr && stream_ != stdout) std::fclose(stream_);
        stream_ = nullptr;
        if (!temporary_.empty()) {
            ::unlink(temporary_.c_str());
            pending_outputs::remove(slot_);
            temporary_.clear();
        }
    }
    // close() waits for the file to reach the disk (fsync) before the rename. So that it does
    // not wait for the whole file then (0.04 s of a 0.14 s run writing 140 MB here), every
    // writeback_step bytes the kernel is asked to start writing what it has, in the background
    // (Linux's sync_file_range, as databases use it); only a hint, so a failure is ignored.
    void start_writeback([[maybe_unused]] std::size_t bytes) {
#if defined(__linux__)
        constexpr std::uint64_t writeback_step = std::uint64_t{2} << 20;
        written_ += bytes;
        if (written_ - requested_ < writeback_step) return;
        flush();
        (void)::sync_file_range(::fileno(stream_), static_cast<off64_t>(requested_),
                                static_cast<off64_t>(written_ - requested_), SYNC_FILE_RANGE_WRITE);
        requested_ = written_;
#endif
    }
    [[noreturn]] void fail(const char* what) {
        const int code = errno;
        discard();
        throw output_error(what + name() + (code != 0 ? std::string(": ") + std::strerror(code) : std::string()));
    }
    [[nodiscard]] std::string name() const { return path_ == "-" ? "standard output" : "'" + path_ + "'"; }

    std::string path_;
    std::filesystem::path target_;
    std::string temporary_;  // empty: none (standard output, a device, or already renamed)
    std::size_t slot_ = pending_outputs::slots;
    std::FILE* stream_ = nullptr;
    std::uint64_t written_ = 0;    // bytes written to the temporary file
    std::uint64_t requested_ = 0;  // bytes whose writeback start_writeback() has asked for
};

// The shortest text that reads back as the same double, as std::to_chars gives it. Quarters
// of magnitude below 100000 (every sum and most means of questionnaire scores) take a fast
// path that writes the same characters: they are exact in binary, their shortest decimal is
// the plain one (".25", ".5", ".75" or nothing), and the exponent form is never shorter.
// tests/unit-driver-output.cpp compares the two over the whole range.
inline char* format_number(char* out, double value) noexcept {
    const double quarters = value * 4;  // exact: scaling by a power of two
    if (quarters > -4e5 && quarters < 4e5 && quarters == static_cast<double>(static_cast<std::int32_t>(quarters)) &&
        !(value == 0 && std::signbit(value))) {
        auto q = static_cast<std::int32_t>(quarters);
        if (q < 0) {
            *out++ = '-';
            q = -q;
        }
        auto whole = q / 4;
        char digits[8];
        int count = 0;
        do {
            digits[count++] = static_cast<char>('0' + whole % 10);
            whole /= 10;
        } while (whole != 0);
        while (count > 0) *out++ = digits[--count];
        static constexpr const char* fraction[] = {"", ".25", ".5", ".75"};
        for (const char* f = fraction[q % 4]; *f != 0; ++f) *out++ = *f;
        return out;
    }
    // 32 bytes hold any double's shortest form ("-1.7976931348623157e+308" is 24).
    return std::to_chars(out, out + 32, value).ptr;
}

// Remembers the text of recently formatted numbers, keyed by their bits: questionnaire scores
// take few distinct values (a 12-item mean has 49), and std::to_chars' shortest form costs
// hundreds of instructions. The text is format_number's, so output is the same either way.
class number_cache {
public:
    number_cache() : entries_(std::make_unique<entry[]>(size)) {}

    // Writes the number's text at `out`, which must have 32 bytes free; returns its end.
    char* format(char* out, double value) {
        const auto bits = std::bit_cast<std::uint64_t>(value);
        entry& slot = entries_[(bits * 0x9E3779B97F4A7C15ull) >> (64 - size_bits)];
        if (slot.length == 0 || slot.bits != bits) {
            slot.bits = bits;
            slot.length = static_cast<std::uint8_t>(format_number(slot.text, value) - slot.text);
        }
        std::memcpy(out, slot.text, sizeof slot.text);  // fixed size: two moves, no call
        return out + slot.length;
    }

private:
    static constexpr int size_bits = 9;
    static constexpr std::size_t size = std::size_t{1} << size_bits;
    struct entry {
        std::uint64_t bits = 0;
        char text[32] = {};
        std::uint8_t length = 0;  // 0: empty slot (no number formats to nothing)
    };
    std::unique_ptr<entry[]> entries_;
};

// Bytes written in memory by a buffered_writer in memory mode: `size` of `capacity` used.
struct memory_block {
    std::unique_ptr<char[]> data;
    std::size_t capacity = 0;
    std::size_t size = 0;
    [[nodiscard]] std::string_view bytes() const noexcept { return {data.get(), size}; }
};

// Buffers small writes into large ones. The checks on the hot path are one comparison each;
// the rare cases (a full buffer, a text longer than the buffer) are out of line.
//
// In memory mode (no sink) nothing is handed on: the buffer grows and keeps every byte until
// take() hands the block over, which is how a worker thread writes a chunk's rows with no
// second copy (tools/alliance/parallel_rows.hpp).
class buffered_writer {
public:
    explicit buffered_writer(output_sink& sink, std::size_t capacity = std::size_t{1} << 16)
        : sink_(&sink), capacity_(capacity < 64 ? 64 : capacity),
          data_(std::make_unique_for_overwrite<char[]>(capacity_)) {}
    // Memory mode, with no buffer until the first write or restart().
    buffered_writer() = default;
    buffered_writer(const buffered_writer&) = delete;
    buffered_writer& operator=(const buffered_writer&) = delete;

    // Memory mode: writing starts again at the start of `block`, or of a new buffer of
    // `capacity` bytes when `block` holds fewer.
    void restart(memory_block block, std::size_t capacity) {
        if (block.data == nullptr || block.capacity < capacity) {
            block.data = std::make_unique_for_overwrite<char[]>(capacity);
            block.capacity = capacity;
        }
        data_ = std::move(block.data);
        capacity_ = block.capacity;
        used_ = 0;
        ++drains_;
    }
    // Memory mode: what was written, as a block; the writer is left without a buffer.
    [[nodiscard]] memory_block take() noexcept {
        memory_block written{std::move(data_), capacity_, used_};
        capacity_ = used_ = 0;
        ++drains_;
        return written;
    }

    void put(char c) {
        if (used_ == capacity_) drain();
        data_[used_++] = c;
    }
    void put(std::string_view text) {
        // An empty view may hold a null pointer, which memcpy must not get even for 0 bytes
        // (found by fuzz_score: a short row whose id column is absent).
        if (text.empty()) return;
        if (text.size() > capacity_ - used_) {
            put_long(text);
            return;
        }
        std::memcpy(data_.get() + used_, text.data(), text.size());
        used_ += text.size();
    }
    void put_number(double value) {
        reserve(32);
        unchecked_number(value);
    }
    void put_integer(long long value) {
        reserve(24);
        unchecked_integer(value);
    }
    // Makes room for `n` bytes, which the unchecked_* calls may then write.
    void reserve(std::size_t n) {
        if (capacity_ - used_ < n) make_room(n);
    }
    void unchecked_put(char c) noexcept { data_[used_++] = c; }
    void unchecked_put(std::string_view text) noexcept {
        if (text.empty()) return;
        std::memcpy(data_.get() + used_, text.data(), text.size());
        used_ += text.size();
    }
    // Copies all `N` bytes (a fixed size: no call) and keeps the first `size`; needs N reserved.
    template <std::size_t N>
    void unchecked_put_padded(const std::array<char, N>& bytes, std::size_t size) noexcept {
        std::memcpy(data_.get() + used_, bytes.data(), N);
        used_ += size;
    }
    // Needs 32 bytes reserved.
    void unchecked_number(double value) {
        used_ = static_cast<std::size_t>(numbers_.format(data_.get() + used_, value) - data_.get());
    }
    // Needs 24 bytes reserved.
    void unchecked_integer(long long value) noexcept {
        if (value >= 0 && value < 10) {  // counts of answered items, mostly
            data_[used_++] = static_cast<char>('0' + value);
            return;
        }
        used_ = static_cast<std::size_t>(std::to_chars(data_.get() + used_, data_.get() + capacity_, value).ptr -
                                         data_.get());
    }

    // Hands everything buffered to the sink and asks it to flush (in memory mode: nothing).
    void flush() {
        if (sink_ == nullptr) return;
        drain();
        sink_->flush();
    }

    // Where the next byte goes. The bytes written after it stay together in the buffer until
    // the buffer is next emptied, which `drains` counts.
    struct position {
        std::size_t offset;
        std::uint64_t drains;
    };
    [[nodiscard]] position here() const noexcept { return {used_, drains_}; }
    // The bytes written since `from`, when they are all still in the buffer.
    [[nodiscard]] std::optional<std::string_view> written_since(position from) const noexcept {
        if (from.drains != drains_) return std::nullopt;
        return std::string_view(data_.get() + from.offset, used_ - from.offset);
    }

private:
    [[gnu::noinline]] void drain() {
        if (sink_ == nullptr) {  // memory mode: room for more instead
            grow(used_ + 1);
            return;
        }
        if (used_ > 0) sink_->write(std::string_view(data_.get(), used_));
        used_ = 0;
        ++drains_;
    }
    // Memory mode: room for `needed` bytes in all, keeping those written (positions stay).
    void grow(std::size_t needed) {
        const std::size_t bigger = std::max(needed, 2 * capacity_);
        auto data = std::make_unique_for_overwrite<char[]>(bigger);
        if (used_ > 0) std::memcpy(data.get(), data_.get(), used_);
        data_ = std::move(data);
        capacity_ = bigger;
    }
    [[gnu::noinline]] void make_room(std::size_t n) {
        if (sink_ == nullptr) {
            grow(used_ + n);
            return;
        }
        drain();
        if (n <= capacity_) return;
        capacity_ = n;
        data_ = std::make_unique_for_overwrite<char[]>(capacity_);
    }
    [[gnu::noinline]] void put_long(std::string_view text) {
        if (sink_ == nullptr) {
            grow(used_ + text.size());
        } else {
            drain();
            if (text.size() > capacity_) {
                sink_->write(text);
                return;
            }
        }
        std::memcpy(data_.get() + used_, text.data(), text.size());
        used_ += text.size();
    }

    output_sink* sink_ = nullptr;  // none: memory mode
    std::size_t capacity_ = 0;
    std::unique_ptr<char[]> data_;
    std::size_t used_ = 0;
    std::uint64_t drains_ = 0;
    number_cache numbers_;
};

// A CSV field, quoted when it holds a comma, a quote or a line end (RFC 4180 section 2).
inline void put_csv_field(buffered_writer& out, std::string_view text) {
    // One table lookup per character (string_view::find_first_of searches the set for each).
    static constexpr auto special = [] {
        std::array<bool, 256> table{};
        for (const char c : {',', '"', '\r', '\n'}) table[static_cast<unsigned char>(c)] = true;
        return table;
    }();
    bool plain = true;
    for (const char c : text) plain &= !special[static_cast<unsigned char>(c)];
    if (plain) {
        out.put(text);
        return;
    }
    out.put('"');
    for (;;) {
        const std::size_t quote = text.find('"');
        out.put(text.substr(0, quote));
        if (quote == std::string_view::npos) break;
        out.put("\"\"");
        text.remove_prefix(quote + 1);
    }
    out.put('"');
}

// A JSON string (RFC 8259 section 7): quotes, backslashes and control characters escaped.
// Input bytes are passed through; invalid UTF-8 is replaced by U+FFFD so the line stays valid JSON.
inline void put_json_string(buffered_writer& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.put('"');
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            // Length of a well-formed UTF-8 sequence starting here (RFC 3629 table 3-7), else 0.
            std::size_t length = 0;
            auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
            auto continuation = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
                return i + k < text.size() && byte(k) >= lo && byte(k) <= hi;
            };
            if (c >= 0xC2 && c <= 0xDF) length = continuation(1) ? 2 : 0;
            else if (c == 0xE0) length = continuation(1, 0xA0) && continuation(2) ? 3 : 0;
            else if (c == 0xED) length = continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
            else if (c >= 0xE1 && c <= 0xEF) length = continuation(1) && continuation(2) ? 3 : 0;
            else if (c == 0xF0) length = continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
            else if (c >= 0xF1 && c <= 0xF3) length = continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
            else if (c == 0xF4) length = continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
            if (length == 0) {
                out.put("\xEF\xBF\xBD");
                ++i;
            } else {
                out.put(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
            case '"': out.put("\\\""); break;
            case '\\': out.put("\\\\"); break;
            case '\n': out.put("\\n"); break;
            case '\r': out.put("\\r"); break;
            case '\t': out.put("\\t"); break;
            default:
                if (c < 0x20) {
                    const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                    out.put(std::string_view(escaped, sizeof escaped));
                } else {
                    out.put(static_cast<char>(c));
                }
        }
        ++i;
    }
    out.put('"');
}

enum class table_format { csv, jsonl };

// A short cell text prepared once for a table (status words): written with one fixed-size copy.
struct table_word {
    std::array<char, 32> bytes{};  // as written: the word in CSV, the quoted word in JSON
    std::size_t size = 0;
};

// Rows of named cells, written as CSV (header line first) or as one JSON object per line.
// Cells are given in column order: text, a number, an integer, or empty ("not computed").
class table_writer {
public:
    // `header` false: the CSV header line is not written (a part of a table written elsewhere).
    table_writer(buffered_writer& out, table_format format, std::vector<std::string> columns, bool header = true)
        : out_(out), csv_(format == table_format::csv) {
        if (csv_ && !header) {
        } else if (csv_) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i > 0) out_.put(',');
                put_csv_field(out_, columns[i]);
            }
            out_.put('\n');
        } else {
            // Each key is escaped once, here, with the separator that precedes it.
            string_sink rendered;
            buffered_writer keys(rendered);
            for (std::size_t i = 0; i < columns.size(); ++i) {
                keys.put(i == 0 ? '{' : ',');
                put_json_string(keys, columns[i]);
                keys.put(':');
                keys.flush();
                json_keys_.push_back(std::move(rendered.text));
                rendered.text.clear();
            }
        }
    }

    void text(std::string_view value) {
        separate(0);
        if (csv_) put_csv_field(out_, value);
        else put_json_string(out_, value);
    }
    // Text the caller knows needs no CSV quoting (no comma, quote or line end), such as a field
    // of a simple record read with ',' as delimiter: CSV copies it without looking at each
    // byte; JSON escapes it as text() does. The same output as text() for such text.
    void unquoted_text(std::string_view value) {
        if (!csv_ || value.size() > 256) {  // long text: text() passes it through without growing the buffer
            text(value);
            return;
        }
        separate(value.size());
        out_.unchecked_put(value);
    }
    // `word` prepared for this table's format; it must need no quoting or escaping and be
    // at most 30 bytes long.
    [[nodiscard]] table_word prepare(std::string_view word) const noexcept {
        table_word prepared;
        std::size_t at = 0;
        if (!csv_) prepared.bytes[at++] = '"';
        for (std::size_t i = 0; i < word.size() && at < 30; ++i) prepared.bytes[at++] = word[i];
        if (!csv_) prepared.bytes[at++] = '"';
        prepared.size = at;
        return prepared;
    }
    void word(const table_word& prepared) {
        separate(prepared.bytes.size());
        out_.unchecked_put_padded(prepared.bytes, prepared.size);
    }
    // Text known to need no quoting or escaping (see needs_no_escaping).
    void literal(std::string_view value) {
        separate(value.size() + 2);
        if (!csv_) out_.unchecked_put('"');
        out_.unchecked_put(value);
        if (!csv_) out_.unchecked_put('"');
    }
    void number(double value) {
        separate(32);
        out_.unchecked_number(value);
    }
    void integer(long long value) {
        separate(24);
        out_.unchecked_integer(value);
    }
    // An empty text: nothing in CSV, "" in JSON (where empty() writes null).
    void empty_text() {
        separate(2);
        if (!csv_) out_.unchecked_put("\"\"");
    }
    void empty() {
        separate(4);
        if (!csv_) out_.unchecked_put("null");
    }
    // Whether `text` can be written with literal() in either format: printable ASCII with no
    // comma, quote or backslash.
    [[nodiscard]] static bool needs_no_escaping(std::string_view text) noexcept {
        for (const char c : text)
            if (c < ' ' || c > '~' || c == ',' || c == '"' || c == '\\') return false;
        return true;
    }
    // Cells that repeat from row to row (a scale's sum, mean, count and status take few
    // distinct values) can be written once and then copied as bytes: mark() before the first
    // cell, recorded(mark) after the last gives their bytes, separators or JSON keys included,
    // and replay() writes them again at the same columns of a later row. recorded() is empty
    // when the buffer was emptied in between; then there is nothing to keep.
    struct run_mark {
        buffered_writer::position at;
        std::size_t cell;
    };
    struct recorded_run {
        std::string_view bytes;
        std::size_t cells;
    };
    [[nodiscard]] run_mark mark() const noexcept { return {out_.here(), cell_}; }
    [[nodiscard]] std::optional<recorded_run> recorded(run_mark from) const noexcept {
        const auto bytes = out_.written_since(from.at);
        if (!bytes) return std::nullopt;
        return recorded_run{*bytes, cell_ - from.cell};
    }
    // Copies all `N` bytes (a fixed size: no call) and keeps the first `size`, which are a run
    // of `cells` cells recorded at the current column.
    template <std::size_t N>
    void replay(const std::array<char, N>& bytes, std::size_t size, std::size_t cells) {
        out_.reserve(N);
        out_.unchecked_put_padded(bytes, size);
        cell_ += cells;
    }

    void end_row() {
        out_.reserve(3);
        if (!csv_) out_.unchecked_put(cell_ == 0 ? "{}" : "}");
        out_.unchecked_put('\n');
        cell_ = 0;
    }
    // end_row() as the table layer's writers name it (put_reliability_table, put_icc_table).
    void next_row() { end_row(); }

private:
    // The separator (or JSON key) before a cell, with `payload` more bytes reserved after it.
    [[gnu::always_inline]] void separate(std::size_t payload) {
        if (csv_) {
            out_.reserve(payload + 1);
            if (cell_++ > 0) out_.unchecked_put(',');
        } else {
            const std::string& key = json_keys_[cell_++];
            out_.reserve(payload + key.size());
            out_.unchecked_put(key);
        }
    }

    buffered_writer& out_;
    bool csv_;
    std::vector<std::string> json_keys_;
    std::size_t cell_ = 0;
};

// Runs of cells kept by key, for cells whose text repeats from row to row: a scale's sum,
// mean, count and status take few distinct values (a 4-item subscale on 1..5 has 17 sums), and
// copying their bytes costs a fraction of formatting them. Each group of columns (one scale)
// has its own slots, since a run's bytes hold its separators or JSON keys. A miss writes the
// cells through the table and keeps what it wrote, so the output is the same bytes either way.
class cell_run_cache {
public:
    // The caller's key: any 24 bytes that determine the text of the run (e.g. the bits of
    // the numbers written, and the count and status).
    using key = std::array<std::uint64_t, 3>;

    explicit cell_run_cache(std::size_t groups) : slots_(std::make_unique<slot[]>(groups * slots_per_group)) {}

    // Writes the run for `run_key` in column group `group`, by write_cells(table) on a miss.
    template <class WriteCells>
    void write(table_writer& table, std::size_t group, const key& run_key, WriteCells&& write_cells) {
        const std::uint64_t mixed = (run_key[0] * 0x9E3779B97F4A7C15ull) ^ (run_key[1] * 0xC2B2AE3D27D4EB4Full) ^
                                    (run_key[2] * 0x165667B19E3779F9ull);
        slot& cached = slots_[group * slots_per_group + (mixed >> (64 - slot_bits))];
        // Element by element: std::array's == may become a call to memcmp.
        if (cached.size != 0 && cached.run_key[0] == run_key[0] && cached.run_key[1] == run_key[1] &&
            cached.run_key[2] == run_key[2]) {
            table.replay(cached.text, cached.size, cached.cells);
            return;
        }
        const table_writer::run_mark start = table.mark();
        write_cells(table);
        const auto run = table.recorded(start);
        if (!run || run->bytes.empty() || run->bytes.size() > cached.text.size()) return;  // not kept
        cached.run_key = run_key;
        cached.size = static_cast<std::uint32_t>(run->bytes.size());
        cached.cells = static_cast<std::uint32_t>(run->cells);
        std::memcpy(cached.text.data(), run->bytes.data(), run->bytes.size());
    }

private:
    static constexpr int slot_bits = 8;
    static constexpr std::size_t slots_per_group = std::size_t{1} << slot_bits;
    struct alignas(64) slot {  // 128 bytes: two whole cache lines
        key run_key{};
        std::uint32_t size = 0;  // 0: empty
        std::uint32_t cells = 0;
        std::array<char, 96> text{};  // a JSON run with its keys fits: `,"task_sum":12,...,"task_status":"complete"`
    };
    std::unique_ptr<slot[]> slots_;
};

}  // namespace alliance::cli
