namespace Ambient.Bench.Gateway;

/// <summary>One repeat of one side: the load result and the broker's CPU meanwhile.</summary>
internal sealed record GatewayRun(LoadResult Load, TimeSpan BrokerCpu)
{
    /// <summary>Broker CPU per 202 answered while it was measured (warm-up included, as the CPU is).</summary>
    public double BrokerCpuMicrosPerRequest => Load.AcceptedInAll == 0 ? double.NaN : BrokerCpu.TotalMilliseconds * 1000 / Load.AcceptedInAll;
}
