#pragma once
// IPv4/IPv6 prefixes: parsing, containment and subnetting. Route and subnet rules compare address
// ranges, never strings ("10.0.0.0/8" contains "10.1.2.0/27").
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace erlint {

struct Cidr {
  bool ipv6 = false;
  std::array<std::uint8_t, 16> address{};  // network byte order; IPv4 uses the first 4 bytes
  int prefix_length = 0;

  int max_length() const { return ipv6 ? 128 : 32; }
  bool contains(const Cidr& other) const;  // other lies wholly inside this prefix
  std::string to_string() const;
};

// Parses "10.0.0.0/24", "::/0", or a bare address (a /32 or /128).
std::optional<Cidr> parse_cidr(std::string_view text);

// Terraform cidrsubnet(prefix, newbits, netnum) and ARM cidrSubnet(network, newCIDR, index).
std::optional<Cidr> cidr_subnet(const Cidr& base, int new_bits, std::uint64_t net_number);

// Parses a port or port range ("22", "20-30", "*"); returns [low, high].
std::optional<std::pair<int, int>> parse_port_range(std::string_view text);

}  // namespace erlint
