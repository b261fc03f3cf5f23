// lint/support: string helpers, IPv4/IPv6 prefixes (parse, contains, Terraform-style cidrsubnet)
// and port ranges.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/cidr.hpp"
#include "support/diagnostic_code.hpp"
#include "support/strings.hpp"

using erlint::Cidr;
using erlint::cidr_subnet;
using erlint::parse_cidr;
using erlint::parse_port_range;

namespace {

std::vector<std::string> parts(std::string_view text, char separator) {
  std::vector<std::string> out;
  for (auto p : erlint::split(text, separator)) out.emplace_back(p);
  return out;
}

// cidrsubnet(prefix, newbits, netnum) rendered as text, or "-" when it is refused.
std::string subnet(std::string_view prefix, int new_bits, std::uint64_t net_number) {
  auto base = parse_cidr(prefix);
  REQUIRE(base);
  auto result = cidr_subnet(*base, new_bits, net_number);
  return result ? result->to_string() : "-";
}

bool contains(std::string_view outer, std::string_view inner) {
  auto a = parse_cidr(outer);
  auto b = parse_cidr(inner);
  REQUIRE(a);
  REQUIRE(b);
  return a->contains(*b);
}

}  // namespace

TEST_CASE("case-insensitive comparisons fold ASCII only", "[support][strings]") {
  CHECK(erlint::iequals("GatewaySubnet", "gatewaysubnet"));
  CHECK(erlint::iequals("", ""));
  CHECK_FALSE(erlint::iequals("GatewaySubnet", "GatewaySubnets"));
  CHECK_FALSE(erlint::iequals("a", "b"));
  // Bytes outside ASCII are compared as they are.
  CHECK_FALSE(erlint::iequals("\xC3\x84", "\xC3\xA4"));  // Ä vs ä
  CHECK(erlint::istarts_with("Microsoft.Network/virtualNetworks", "microsoft.network/"));
  CHECK_FALSE(erlint::istarts_with("Micro", "microsoft"));
  CHECK(erlint::iends_with("template.JSON", ".json"));
  CHECK_FALSE(erlint::iends_with("json", ".json"));
  CHECK(erlint::starts_with("erlint-ignore", "erlint"));
  CHECK_FALSE(erlint::starts_with("Erlint", "erlint"));
  CHECK(erlint::starts_with("x", ""));
  CHECK(erlint::ends_with("main.tf", ".tf"));
  CHECK_FALSE(erlint::ends_with("main.TF", ".tf"));
  CHECK_FALSE(erlint::ends_with("f", ".tf"));
  CHECK(erlint::to_lower("Microsoft.Network/VirtualNetworks-1_Z") == "microsoft.network/virtualnetworks-1_z");
  CHECK(erlint::to_upper("er-ns-001 ok") == "ER-NS-001 OK");
  CHECK(erlint::ascii_lower('Q') == 'q');
  CHECK(erlint::ascii_lower('[') == '[');
  CHECK(erlint::ascii_lower('@') == '@');
}

TEST_CASE("trim and split", "[support][strings]") {
  CHECK(erlint::trim("  \t a b \r\n") == "a b");
  CHECK(erlint::trim("") == "");
  CHECK(erlint::trim(" \t\r\n ") == "");
  CHECK(erlint::trim("x") == "x");

  CHECK(parts("a/b/c", '/') == std::vector<std::string>{"a", "b", "c"});
  CHECK(parts("", '/') == std::vector<std::string>{""});
  CHECK(parts("/a/", '/') == std::vector<std::string>{"", "a", ""});
  CHECK(parts("a//b", '/') == std::vector<std::string>{"a", "", "b"});
  CHECK(parts("abc", '/') == std::vector<std::string>{"abc"});
}

TEST_CASE("numbers are formatted like ARM prints them", "[support][strings]") {
  CHECK(erlint::format_number(0) == "0");
  CHECK(erlint::format_number(24) == "24");
  CHECK(erlint::format_number(-3) == "-3");
  CHECK(erlint::format_number(65535) == "65535");
  CHECK(erlint::format_number(1.5) == "1.5");
  CHECK(erlint::format_number(4294967296.0) == "4294967296");
}

TEST_CASE("diagnostic codes have stable ids", "[support]") {
  using erlint::ErrorCode;
  CHECK(erlint::error_code_id(ErrorCode::Syntax) == "ERR-SYNTAX");
  CHECK(erlint::error_code_id(ErrorCode::Config) == "ERR-CONFIG");
  CHECK(erlint::error_code_id(ErrorCode::Limit) == "ERR-LIMIT");
  CHECK(erlint::error_code_id(ErrorCode::Io) == "ERR-IO");
  CHECK(erlint::error_code_id(ErrorCode::Encoding) == "ERR-ENCODING");
  CHECK(erlint::error_code_id(ErrorCode::UnusedSuppression) == "ERR-UNUSED-SUPPRESSION");
}

TEST_CASE("IPv4 prefixes parse", "[support][cidr]") {
  auto c = parse_cidr("10.1.2.0/24");
  REQUIRE(c);
  CHECK_FALSE(c->ipv6);
  CHECK(c->prefix_length == 24);
  CHECK(c->max_length() == 32);
  CHECK(c->address[0] == 10);
  CHECK(c->address[1] == 1);
  CHECK(c->address[2] == 2);
  CHECK(c->address[3] == 0);
  CHECK(c->to_string() == "10.1.2.0/24");

  SECTION("a bare address is a /32") {
    auto host = parse_cidr("192.168.0.1");
    REQUIRE(host);
    CHECK(host->prefix_length == 32);
    CHECK(host->to_string() == "192.168.0.1/32");
  }
  SECTION("surrounding whitespace is ignored") {
    auto t = parse_cidr("  0.0.0.0/0 \n");
    REQUIRE(t);
    CHECK(t->prefix_length == 0);
  }
  SECTION("edge values") {
    CHECK(parse_cidr("255.255.255.255/32"));
    CHECK(parse_cidr("0.0.0.0/0"));
  }
}

TEST_CASE("bad IPv4 input is refused", "[support][cidr]") {
  for (const char* bad : {"", "/", "10.0.0/24", "10.0.0.0.0/24", "10.0.0.256/24", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1",
                          "10.0.0.0/2x", "10..0.0/8", "a.b.c.d", "10.0.0.0/24/8", "10.0.0.-1", "1.2.3.4 /8", "*",
                          "10.0.0.0/99999999999", "Internet", "VirtualNetwork"}) {
    INFO(bad);
    CHECK_FALSE(parse_cidr(bad));
  }
}

TEST_CASE("IPv6 prefixes parse", "[support][cidr]") {
  auto c = parse_cidr("2001:db8::/32");
  REQUIRE(c);
  CHECK(c->ipv6);
  CHECK(c->max_length() == 128);
  CHECK(c->prefix_length == 32);
  CHECK(c->address[0] == 0x20);
  CHECK(c->address[1] == 0x01);
  CHECK(c->address[2] == 0x0d);
  CHECK(c->address[3] == 0xb8);
  for (std::size_t i = 4; i < 16; ++i) CHECK(c->address[i] == 0);

  SECTION("all-zero and default route") {
    auto any = parse_cidr("::/0");
    REQUIRE(any);
    CHECK(any->ipv6);
    CHECK(any->prefix_length == 0);
    auto loopback = parse_cidr("::1");
    REQUIRE(loopback);
    CHECK(loopback->prefix_length == 128);
    CHECK(loopback->address[15] == 1);
  }
  SECTION("full form, mixed case, gap at the end and in the middle") {
    auto full = parse_cidr("FD00:0000:0000:0001:0000:0000:0000:00AB/64");
    REQUIRE(full);
    CHECK(full->address[0] == 0xfd);
    CHECK(full->address[7] == 0x01);
    CHECK(full->address[15] == 0xab);
    auto tail_gap = parse_cidr("fe80::/10");
    REQUIRE(tail_gap);
    CHECK(tail_gap->address[0] == 0xfe);
    CHECK(tail_gap->address[1] == 0x80);
    auto middle = parse_cidr("1:2::7:8");
    REQUIRE(middle);
    CHECK(middle->address[1] == 1);
    CHECK(middle->address[3] == 2);
    CHECK(middle->address[13] == 7);
    CHECK(middle->address[15] == 8);
  }
  SECTION("bad input") {
    for (const char* bad : {":::", "1::2::3", "12345::", "g::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::", "::/129",
                            "1:2:3:4:5:6:7:8::", "::1/", "fd00::/64/1"}) {
      INFO(bad);
      CHECK_FALSE(parse_cidr(bad));
    }
  }
}

TEST_CASE("IPv6 prefixes print in the compressed form Terraform and ARM use", "[support][cidr]") {
  CHECK(parse_cidr("2001:db8::/32")->to_string() == "2001:db8::/32");
  CHECK(parse_cidr("::/0")->to_string() == "::/0");
  CHECK(parse_cidr("::1")->to_string() == "::1/128");
  CHECK(parse_cidr("fd00:0:0:1::/64")->to_string() == "fd00:0:0:1::/64");
  CHECK(parse_cidr("1:0:0:2:0:0:0:3/128")->to_string() == "1:0:0:2::3/128");
  // A single zero group is not compressed; of two equal runs the first is.
  CHECK(parse_cidr("1:0:2:3:4:5:6:7/128")->to_string() == "1:0:2:3:4:5:6:7/128");
  CHECK(parse_cidr("1:0:0:2:3:0:0:4/128")->to_string() == "1::2:3:0:0:4/128");
  CHECK(parse_cidr("1:2:3:4:5:6:7:8/128")->to_string() == "1:2:3:4:5:6:7:8/128");
}

TEST_CASE("prefix containment", "[support][cidr]") {
  CHECK(contains("10.0.0.0/8", "10.1.2.0/27"));
  CHECK(contains("10.0.0.0/8", "10.0.0.0/8"));
  CHECK(contains("0.0.0.0/0", "192.168.1.1"));
  CHECK(contains("10.1.2.0/24", "10.1.2.77"));
  CHECK_FALSE(contains("10.1.2.0/27", "10.0.0.0/8"));  // the wider prefix is not inside the narrower one
  CHECK_FALSE(contains("10.0.0.0/8", "11.0.0.0/24"));
  CHECK_FALSE(contains("10.1.2.0/25", "10.1.2.128/25"));
  CHECK(contains("10.1.2.0/23", "10.1.3.0/24"));
  // Host bits in the container do not matter, only its prefix.
  CHECK(contains("10.1.2.3/16", "10.1.200.0/24"));
  // IPv4 and IPv6 never contain each other.
  CHECK_FALSE(contains("::/0", "10.0.0.0/8"));
  CHECK_FALSE(contains("0.0.0.0/0", "::1"));
  CHECK(contains("::/0", "2001:db8::/32"));
  CHECK(contains("2001:db8::/32", "2001:db8:1:2::/64"));
  CHECK_FALSE(contains("2001:db8::/32", "2001:db9::/48"));
}

TEST_CASE("cidr_subnet matches Terraform's cidrsubnet", "[support][cidr]") {
  // Examples from the Terraform documentation.
  CHECK(subnet("172.16.0.0/12", 4, 2) == "172.18.0.0/16");
  CHECK(subnet("10.1.2.0/24", 4, 15) == "10.1.2.240/28");
  CHECK(subnet("fd00:fd12:3456:7890::/56", 16, 162) == "fd00:fd12:3456:7800:a200::/72");
  CHECK(subnet("10.0.0.0/16", 8, 2) == "10.0.2.0/24");
  CHECK(subnet("10.0.0.0/16", 8, 255) == "10.0.255.0/24");
  CHECK(subnet("10.0.0.0/16", 0, 0) == "10.0.0.0/16");
  // Host bits of the base are cleared before the net number is written.
  CHECK(subnet("10.0.7.9/16", 8, 1) == "10.0.1.0/24");
  CHECK(subnet("10.0.0.0/16", 11, 1) == "10.0.0.32/27");
  CHECK(subnet("fd00::/48", 16, 1) == "fd00:0:0:1::/64");
  // IPv6 subnets may add more than 63 bits.
  CHECK(subnet("fd00::/48", 80, 1) == "fd00::1/128");

  SECTION("out of range") {
    CHECK(subnet("10.0.0.0/16", 8, 256) == "-");  // net number does not fit in 8 bits
    CHECK(subnet("10.0.0.0/16", 17, 0) == "-");   // a /33
    CHECK(subnet("10.0.0.0/16", -1, 0) == "-");
    CHECK(subnet("fd00::/48", 81, 0) == "-");     // a /129
    CHECK(subnet("10.0.0.0/16", 0, 1) == "-");
  }
}

TEST_CASE("port ranges", "[support][ports]") {
  using Range = std::pair<int, int>;
  CHECK(parse_port_range("22") == Range{22, 22});
  CHECK(parse_port_range(" 443 ") == Range{443, 443});
  CHECK(parse_port_range("20-30") == Range{20, 30});
  CHECK(parse_port_range("20 - 30") == Range{20, 30});
  CHECK(parse_port_range("*") == Range{0, 65535});
  CHECK(parse_port_range(" * ") == Range{0, 65535});
  CHECK(parse_port_range("0-65535") == Range{0, 65535});
  CHECK(parse_port_range("80-80") == Range{80, 80});
  for (const char* bad : {"", "-", "30-20", "65536", "0-65536", "-5", "80-", "1-2-3", "http", "22,23", "**", "2 2", "+22"}) {
    INFO(bad);
    CHECK_FALSE(parse_port_range(bad));
  }
}
