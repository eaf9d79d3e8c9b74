// A small streaming JSON writer (RFC 8259) for the driver's nested documents (`explain
// --format json`, `list ID --format json`), indented two spaces. Numbers use the same shortest
// round-trip form as the CSV output; strings go through put_json_string.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "io/output.hpp"

namespace alliance::cli {

class json_writer {
public:
    explicit json_writer(buffered_writer& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // The key of the next value inside an object.
    void key(std::string_view name) {
        separate();
        put_json_string(out_, name);
        out_.put(": ");
        after_key_ = true;
    }

    void value(std::string_view text) {
        separate();
        put_json_string(out_, text);
    }
    void value(const char* text) { value(std::string_view(text)); }
    void value(double number) {
        separate();
        out_.put_number(number);
    }
    void value(int number) { integer(number); }
    void value(std::size_t number) { integer(static_cast<long long>(number)); }
    void value(bool flag) {
        separate();
        out_.put(flag ? "true" : "false");
    }
    void null() {
        separate();
        out_.put("null");
    }

    // key + value in one call.
    template <class T>
    void field(std::string_view name, const T& v) {
        key(name);
        value(v);
    }

    // After the outermost value: a final line end.
    void finish() { out_.put('\n'); }

private:
    void integer(long long number) {
        separate();
        out_.put_integer(number);
    }

    // Before any value or key: the comma and line break that separate it from the previous one.
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!has_items_.empty()) {
            if (has_items_.back()) out_.put(',');
            has_items_.back() = true;
            newline();
        }
    }
    void open(char bracket) {
        separate();
        out_.put(bracket);
        has_items_.push_back(false);
    }
    void close(char bracket) {
        const bool had_items = has_items_.back();
        has_items_.pop_back();
        if (had_items) newline();
        out_.put(bracket);
    }
    void newline() {
        out_.put('\n');
        for (std::size_t i = 0; i < has_items_.size(); ++i) out_.put("  ");
    }

    buffered_writer& out_;
    std::vector<bool> has_items_;  // one per open container: has it a member yet
    bool after_key_ = false;
};

}  // namespace alliance::cli
