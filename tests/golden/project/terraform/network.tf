resource "azurerm_virtual_network" "hub" {
  name                = "vnet-tf"
  location            = azurerm_resource_group.hub.location
  resource_group_name = azurerm_resource_group.hub.name
  address_space       = ["10.2.0.0/16"]
}

resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = azurerm_resource_group.hub.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.2.0.0/27"]
}

resource "azurerm_network_security_group" "hub" {
  name                = "nsg-hub"
  location            = azurerm_resource_group.hub.location
  resource_group_name = azurerm_resource_group.hub.name
}

resource "azurerm_subnet_network_security_group_association" "gateway" {
  subnet_id                 = azurerm_subnet.gateway.id
  network_security_group_id = azurerm_network_security_group.hub.id
}

# erlint-ignore ER-ZZ-901: an ignore that suppresses nothing is reported
resource "azurerm_resource_group" "spare" {
  name     = "rg-spare"
  location = "westeurope"
}
