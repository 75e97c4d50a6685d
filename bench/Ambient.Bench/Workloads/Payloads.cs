namespace Ambient.Bench.Workloads;

/// <summary>Record payloads: random bytes, so neither side could gain from compression.</summary>
internal static class Payloads
{
    public static byte[] Random(int size)
    {
        var payload = new byte[size];
        System.Random.Shared.NextBytes(payload);
        return payload;
    }
}
