#pragma once
// Errors that callers must handle travel as values. std::expected would do, but clang-tidy 14
// cannot parse it, so this is the small subset the project needs.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace hall {

struct Error {
    std::string message;
    // A stable name for the kind of failure, where a caller acts on the kind (the store's
    // "store.read_only", say); empty where only the message matters.
    std::string code;
};

inline Error fail(std::string message) {
    return Error{std::move(message), {}};
}
inline Error fail(std::string code, std::string message) {
    return Error{std::move(message), std::move(code)};
}

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(data_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(data_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(data_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(data_);
    }
    const std::string& message() const { return error().message; }

  private:
    std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const {
        assert(!ok());
        return error_;
    }
    const std::string& message() const { return error().message; }

  private:
    Error error_;
    bool failed_ = false;
};

}  // namespace hall
