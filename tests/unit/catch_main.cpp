// The one translation unit that compiles Catch2's main for all unit test programs.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
