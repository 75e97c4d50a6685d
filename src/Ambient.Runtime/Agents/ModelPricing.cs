namespace Ambient.Runtime.Agents;

/// <summary>Price of a model's tokens in US dollars per million, from <c>model.cost</c> in the agent file.</summary>
public sealed record ModelPricing(decimal InputPerMillionTokens, decimal OutputPerMillionTokens)
{
    /// <summary>Free (the offline model, or no prices declared).</summary>
    public static ModelPricing Free { get; } = new(0, 0);

    /// <summary>The cost of <paramref name="input"/> and <paramref name="output"/> tokens in US dollars.</summary>
    public decimal CostOf(long input, long output) => (input * InputPerMillionTokens + output * OutputPerMillionTokens) / 1_000_000m;
}
