# Third-party libraries, all from Debian packages (see README "Set-up").
find_package(PkgConfig REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

# yaml-cpp 0.7 exports a plain `yaml-cpp` target; newer releases add a namespaced alias.
if(TARGET yaml-cpp::yaml-cpp)
  set(ERLINT_YAML_TARGET yaml-cpp::yaml-cpp)
else()
  set(ERLINT_YAML_TARGET yaml-cpp)
endif()
