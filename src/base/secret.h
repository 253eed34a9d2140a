#pragma once

#include <string>
#include <utility>

namespace ams {

// Secret<T> wraps a password, passphrase, key or token so that it cannot be
// streamed into a log or a Status by accident: it has no operator<< and no
// implicit conversion. Call reveal() exactly where the secret is used.
template <typename T>
class Secret {
 public:
  Secret() = default;
  explicit Secret(T value) : value_(std::move(value)) {}
  const T& reveal() const { return value_; }

 private:
  T value_{};
};

using SecretString = Secret<std::string>;

}  // namespace ams
