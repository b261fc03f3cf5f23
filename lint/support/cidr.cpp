#include "support/cidr.hpp"

#include <vector>

#include <fmt/format.h>

#include "support/strings.hpp"

namespace erlint {

namespace {

std::optional<unsigned> parse_uint(std::string_view text, unsigned max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  unsigned long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > max) return std::nullopt;
  return static_cast<unsigned>(value);
}

bool parse_ipv4(std::string_view text, std::array<std::uint8_t, 16>& out) {
  auto parts = split(text, '.');
  if (parts.size() != 4) return false;
  for (size_t i = 0; i < 4; ++i) {
    auto octet = parse_uint(parts[i], 255);
    if (!octet) return false;
    out[i] = static_cast<std::uint8_t>(*octet);
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool parse_ipv6(std::string_view text, std::array<std::uint8_t, 16>& out) {
  // Split at "::" into a head and a tail of 16-bit groups; the gap is filled with zeros.
  std::array<std::uint16_t, 8> groups{};
  size_t gap = text.find("::");
  auto parse_groups = [](std::string_view part, std::vector<std::uint16_t>& into) {
    if (part.empty()) return true;
    for (auto group : split(part, ':')) {
      if (group.empty() || group.size() > 4) return false;
      unsigned value = 0;
      for (char c : group) {
        int h = hex_value(c);
        if (h < 0) return false;
        value = value * 16 + static_cast<unsigned>(h);
      }
      into.push_back(static_cast<std::uint16_t>(value));
    }
    return true;
  };
  std::vector<std::uint16_t> head, tail;
  if (gap == std::string_view::npos) {
    if (!parse_groups(text, head) || head.size() != 8) return false;
  } else {
    if (text.find("::", gap + 1) != std::string_view::npos) return false;
    if (!parse_groups(text.substr(0, gap), head) || !parse_groups(text.substr(gap + 2), tail)) return false;
    if (head.size() + tail.size() > 7) return false;
  }
  for (size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (size_t i = 0; i < tail.size(); ++i) groups[8 - tail.size() + i] = tail[i];
  for (size_t i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xFF);
  }
  return true;
}

bool bit(const std::array<std::uint8_t, 16>& a, int index) { return (a[static_cast<size_t>(index / 8)] >> (7 - index % 8)) & 1; }

void set_bit(std::array<std::uint8_t, 16>& a, int index, bool value) {
  auto& byte = a[static_cast<size_t>(index / 8)];
  auto mask = static_cast<std::uint8_t>(1u << (7 - index % 8));
  byte = value ? static_cast<std::uint8_t>(byte | mask) : static_cast<std::uint8_t>(byte & ~mask);
}

}  // namespace

std::optional<Cidr> parse_cidr(std::string_view text) {
  text = trim(text);
  Cidr cidr;
  size_t slash = text.find('/');
  std::string_view address = text.substr(0, slash);
  cidr.ipv6 = address.find(':') != std::string_view::npos;
  if (cidr.ipv6 ? !parse_ipv6(address, cidr.address) : !parse_ipv4(address, cidr.address)) return std::nullopt;
  if (slash == std::string_view::npos) {
    cidr.prefix_length = cidr.max_length();
  } else {
    auto length = parse_uint(text.substr(slash + 1), static_cast<unsigned>(cidr.max_length()));
    if (!length) return std::nullopt;
    cidr.prefix_length = static_cast<int>(*length);
  }
  return cidr;
}

bool Cidr::contains(const Cidr& other) const {
  if (ipv6 != other.ipv6 || other.prefix_length < prefix_length) return false;
  for (int i = 0; i < prefix_length; ++i)
    if (bit(address, i) != bit(other.address, i)) return false;
  return true;
}

std::string Cidr::to_string() const {
  if (!ipv6) return fmt::format("{}.{}.{}.{}/{}", address[0], address[1], address[2], address[3], prefix_length);
  // RFC 5952, as Terraform (Go's net package) and ARM print it: lower-case hex, and the longest
  // run of two or more zero groups (the first of equal runs) written as "::".
  std::array<unsigned, 8> groups{};
  for (size_t i = 0; i < 8; ++i) groups[i] = static_cast<unsigned>((address[2 * i] << 8) | address[2 * i + 1]);
  size_t best_start = 8, best_length = 1;
  for (size_t i = 0; i < 8;) {
    if (groups[i] != 0) { ++i; continue; }
    size_t j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) { best_start = i; best_length = j - i; }
    i = j;
  }
  std::string out;
  for (size_t i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    out += fmt::format("{:x}", groups[i]);
  }
  return fmt::format("{}/{}", out, prefix_length);
}

std::optional<Cidr> cidr_subnet(const Cidr& base, int new_bits, std::uint64_t net_number) {
  int length = base.prefix_length + new_bits;
  // IPv6 subnets may add more than 63 bits; any 64-bit net number then fits.
  if (new_bits < 0 || length > base.max_length()) return std::nullopt;
  if (new_bits < 64 && net_number >= (std::uint64_t{1} << new_bits)) return std::nullopt;
  Cidr out = base;
  // Clear host bits, then write the net number into the new bits.
  for (int i = base.prefix_length; i < base.max_length(); ++i) set_bit(out.address, i, false);
  for (int i = 0; i < new_bits; ++i) {
    int shift = new_bits - 1 - i;
    set_bit(out.address, base.prefix_length + i, shift < 64 && ((net_number >> shift) & 1));
  }
  out.prefix_length = length;
  return out;
}

std::optional<std::pair<int, int>> parse_port_range(std::string_view text) {
  text = trim(text);
  if (text == "*") return std::pair{0, 65535};
  size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto port = parse_uint(text, 65535);
    if (!port) return std::nullopt;
    return std::pair{static_cast<int>(*port), static_cast<int>(*port)};
  }
  auto low = parse_uint(trim(text.substr(0, dash)), 65535);
  auto high = parse_uint(trim(text.substr(dash + 1)), 65535);
  if (!low || !high || *low > *high) return std::nullopt;
  return std::pair{static_cast<int>(*low), static_cast<int>(*high)};
}

}  // namespace erlint
