# The same hub in Terraform: the NSG reaches GatewaySubnet through an association resource.
resource "azurerm_network_security_group" "hub" {
  name                = "nsg-hub"
  location            = "westeurope"
  resource_group_name = "rg-hub"
}

resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub-weu"
  location            = "westeurope"
  resource_group_name = "rg-hub"
  address_space       = ["10.10.0.0/16"]
}

resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = "rg-hub"
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.10.0.0/27"]
}

resource "azurerm_subnet_network_security_group_association" "gateway" {
  subnet_id                 = azurerm_subnet.gateway.id
  network_security_group_id = azurerm_network_security_group.hub.id
}
