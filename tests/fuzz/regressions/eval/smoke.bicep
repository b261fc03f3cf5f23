param prefix string = 'er'
resource gw 'Microsoft.Network/virtualNetworks/subnets@2023-09-01' = {
  name: '${prefix}/GatewaySubnet'
  properties: { addressPrefix: '10.0.0.0/27' }
}
