#include "text/UntrustedJson.h"

namespace hall {

namespace {

// Counts nesting as the parser goes and stops it the moment it passes the limit, before any
// value is built.
class DepthLimit : public nlohmann::json_sax<nlohmann::json> {
  public:
    explicit DepthLimit(int maxDepth) : maxDepth_(maxDepth) {}
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return ++depth_ <= maxDepth_; }
    bool key(string_t&) override { return true; }
    bool end_object() override {
        --depth_;
        return true;
    }
    bool start_array(std::size_t) override { return ++depth_ <= maxDepth_; }
    bool end_array() override {
        --depth_;
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        return false;
    }

  private:
    int maxDepth_;
    int depth_ = 0;
};

}  // namespace

nlohmann::json parseUntrustedJson(std::string_view text, int maxDepth) {
    DepthLimit limit(maxDepth);
    if (!nlohmann::json::sax_parse(text, &limit, nlohmann::json::input_format_t::json))
        return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(text, nullptr, false);
}

std::string dumpJson(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hall
