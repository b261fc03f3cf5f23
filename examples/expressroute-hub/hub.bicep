// A hub virtual network for an ExpressRoute gateway, as a platform team might first write it.
param location string = resourceGroup().location
param hubName string = 'vnet-hub-weu'

resource hubNsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-hub'
  location: location
}

resource hub 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: hubName
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ '10.10.0.0/16' ] }
    subnets: [
      {
        name: 'GatewaySubnet'
        properties: {
          addressPrefix: '10.10.0.0/27'
          networkSecurityGroup: { id: hubNsg.id }
        }
      }
      {
        name: 'snet-shared'
        properties: {
          addressPrefix: '10.10.1.0/24'
          networkSecurityGroup: { id: hubNsg.id }
        }
      }
    ]
  }
}
