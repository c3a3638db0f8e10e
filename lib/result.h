// Result<T, E>: a value or an error enum plus a detail line, returned at the library edge.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace pwreset {

// The error half of a Result: an enum the caller switches on, and a line for logs and stderr.
template <typename E>
struct Failure {
    E error;
    std::string detail;
};

template <typename E>
Failure<E> fail(E error, std::string detail = {}) {
    return Failure<E>{error, std::move(detail)};
}

// Stands for "nothing" in Result<Done, E>, for operations that only succeed or fail.
struct Done {};

template <typename T, typename E>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Failure<E> failure) : state_(std::in_place_index<1>, std::move(failure)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

    E error() const { return std::get<1>(state_).error; }
    const std::string& detail() const { return std::get<1>(state_).detail; }
    const Failure<E>& failure() const { return std::get<1>(state_); }

private:
    std::variant<T, Failure<E>> state_;
};

}  // namespace pwreset
