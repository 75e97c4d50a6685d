namespace Ambient.Kafka.Lag;

/// <summary>KEDA's <c>offsetResetPolicy</c>: how lag counts on a partition the group has not committed yet.</summary>
public enum OffsetResetPolicy
{
    /// <summary>KEDA's default: an uncommitted partition counts lag 1, so the workload is started to commit something.</summary>
    Latest,

    /// <summary>An uncommitted partition counts its whole end offset as lag (not end minus log start: KEDA issue 7936).</summary>
    Earliest,
}
