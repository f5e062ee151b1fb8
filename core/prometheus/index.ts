// Public surface of core/prometheus for the CLI.
export { addDriftMetrics } from './driftMetrics';
export { escapeLabelValue, type Labels, MetricSet } from './exposition';
export { PushError, pushGatewayUrl, pushMetrics } from './pushGateway';
export { addRegistryMetrics } from './registryMetrics';
