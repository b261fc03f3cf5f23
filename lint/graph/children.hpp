#pragma once
// Child resources can be written two ways: inline in the parent's property array (a VNet's
// properties.subnets[]) or as resources of their own (virtualNetworks/subnets). Azure treats them
// as the same thing, so the graph does too: inline items become child nodes, and child resources
// are added to the parent's array, so that a rule sees one subnet, route or security rule however
// it was written.
#include "graph/graph.hpp"

namespace erlint::graph {

struct ChildCollection {
  const char* parent_type;
  const char* property;     // dotted path of the array in the parent
  const char* child_type;
};

const std::vector<ChildCollection>& child_collections();

// The graph must be indexed (its nodes added with Graph::add). Children get their parent_key in
// place: call Graph::reindex_children() afterwards.
void lift_inline_children(Graph& graph);

}  // namespace erlint::graph
