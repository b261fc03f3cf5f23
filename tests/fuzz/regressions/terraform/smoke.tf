resource "azurerm_subnet" "gw" {
  name             = "GatewaySubnet"
  address_prefixes = [cidrsubnet(var.range, 8, 1)]
  dynamic "delegation" { for_each = local.d content { name = delegation.value } }
}
