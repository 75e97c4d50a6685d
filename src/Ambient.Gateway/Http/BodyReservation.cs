namespace Ambient.Gateway.Http;

/// <summary>The body bytes one request holds in <see cref="BodyBudget"/>; disposing gives them back.</summary>
internal sealed class BodyReservation(BodyBudget budget, string address) : IDisposable
{
    private long _bytes;

    /// <summary>Reserves <paramref name="bytes"/> more, or says whose limit is spent (nothing reserved then).</summary>
    public BodyBudgetResult TryGrow(long bytes)
    {
        var result = budget.TryReserve(address, bytes);
        if (result == BodyBudgetResult.Reserved)
        {
            _bytes += bytes;
        }

        return result;
    }

    public void Dispose()
    {
        budget.Release(address, _bytes);
        _bytes = 0;
    }
}
