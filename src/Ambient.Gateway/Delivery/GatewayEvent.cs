using Ambient.Abstractions.Events;

namespace Ambient.Gateway.Delivery;

/// <summary>A CloudEvent the gateway is about to write: where, under which record key.</summary>
internal sealed record GatewayEvent(string Topic, string? Key, AmbientEvent Event)
{
    /// <summary>CloudEvents promise <c>source</c> + <c>id</c> is unique per distinct event, so a repeat of both is a repeated delivery.</summary>
    public string DeliveryKey => DeliveryKeys.For(Event.Source, Event.Id);
}
