namespace Ambient.Bench.Gateway;

/// <summary>One repeat of one side: the load result and the broker's CPU meanwhile.</summary>
internal sealed record GatewayRun(LoadResult Load, TimeSpan BrokerCpu);
