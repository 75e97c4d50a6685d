using Ambient.Abstractions.Events;

namespace Ambient.Gateway.Delivery;

/// <summary>
/// A CloudEvent the gateway is about to write: where, under which record key, and how it entered
/// (<see cref="IngressKinds"/>), which the record carries as its <c>ambient-ingress</c> header.
/// </summary>
internal sealed record GatewayEvent(string Topic, string? Key, AmbientEvent Event, string Ingress)
{
    /// <summary>
    /// CloudEvents promise <c>source</c> + <c>id</c> is unique per distinct event, so a repeat of both through the same
    /// ingress is a repeated delivery. Through another ingress it is not: a publish token cannot claim GitHub's next
    /// delivery id and so make the genuine delivery a "duplicate".
    /// </summary>
    public string DeliveryKey => DeliveryKeys.For(Ingress, Event.Source, Event.Id);

    /// <summary>The event as written: stamped with its ingress.</summary>
    public AmbientEvent Stamped => Event with { Ingress = Ingress };
}
