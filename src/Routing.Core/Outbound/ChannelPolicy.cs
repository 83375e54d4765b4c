namespace Routing.Core.Outbound;

/// <summary>
/// Picks the channel an outbound message to a customer goes out on. Pure: the same request always
/// gives the same answer. In order:
/// <list type="number">
/// <item>a channel the customer wrote on whose reply window is still open (the conversation's
/// channel first, then the most recent one), even without recorded consent: they chose to write;</item>
/// <item>the customer's preferred channel, if they consented to it;</item>
/// <item>the first consented channel in the customer's own order, then any other consented channel
/// by name.</item>
/// </list>
/// A channel the customer opted out of is never used, whatever else holds. A channel is used only
/// with a known address of the customer on it.
/// </summary>
public static class ChannelPolicy
{
    public static ChannelChoice Choose(ChannelPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new Evaluation(request);

        foreach (var channel in state.ReplyCandidates())
        {
            if (state.TryReplyWindow(channel) is { } address)
            {
                return ChannelChoice.Chosen(channel, address, ChannelChoiceReason.ReplyWindowOpen, state.Refusals);
            }
        }

        var preferred = Normalize(request.Customer.PreferredChannel);
        if (preferred.Length > 0 && state.TryConsented(preferred) is { } preferredAddress)
        {
            return ChannelChoice.Chosen(preferred, preferredAddress, ChannelChoiceReason.Preferred, state.Refusals);
        }

        foreach (var channel in state.OrderedCandidates())
        {
            if (state.TryConsented(channel) is { } address)
            {
                return ChannelChoice.Chosen(channel, address, ChannelChoiceReason.ConsentOrder, state.Refusals);
            }
        }

        // Say why about every channel the customer is known on, so a refusal explains itself.
        foreach (var channel in state.KnownChannels())
        {
            state.TryConsented(channel);
        }

        return ChannelChoice.Refused(state.Refusals);
    }

    /// <summary>
    /// Every channel an answer could go out on now (open reply window, or consented with an address),
    /// never an opted-out one: what the agent is shown next to a contact.
    /// </summary>
    public static IReadOnlyList<string> PermittedChannels(ChannelPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new Evaluation(request);
        var permitted = new List<string>();
        foreach (var channel in state.ReplyCandidates().Concat(state.KnownChannels()).Distinct(StringComparer.Ordinal))
        {
            if (state.WindowOpen(channel) && !state.OptedOut(channel) && state.AddressOf(channel) is not null)
            {
                permitted.Add(channel);
            }
            else if (state.Consent(channel) == true && state.AddressOf(channel) is not null)
            {
                permitted.Add(channel);
            }
        }

        return permitted;
    }

    private static string Normalize(string? channel) => (channel ?? "").Trim().ToLowerInvariant();

    private sealed class Evaluation
    {
        private readonly ChannelPolicyRequest _request;
        private readonly Dictionary<string, bool> _consent = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _addresses = new(StringComparer.Ordinal);
        private readonly Dictionary<string, DateTimeOffset> _lastInbound = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TimeSpan> _windows = new(StringComparer.Ordinal);
        private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
        private readonly List<ChannelRefusal> _refusals = [];

        public Evaluation(ChannelPolicyRequest request)
        {
            _request = request;
            foreach (var (channel, optedIn) in request.Customer.Consent)
            {
                _consent[Normalize(channel)] = optedIn;
            }

            // The first address on a channel wins: the caller lists the conversation's own address first.
            foreach (var address in request.Customer.Addresses)
            {
                if (!string.IsNullOrWhiteSpace(address.Address))
                {
                    _addresses.TryAdd(Normalize(address.Channel), address.Address);
                }
            }

            foreach (var (channel, at) in request.LastInboundAt)
            {
                _lastInbound[Normalize(channel)] = at;
            }

            foreach (var (channel, window) in request.ReplyWindows)
            {
                _windows[Normalize(channel)] = window;
            }
        }

        public IReadOnlyList<ChannelRefusal> Refusals => _refusals.ToArray();

        public bool? Consent(string channel) => _consent.TryGetValue(channel, out var optedIn) ? optedIn : null;

        public bool OptedOut(string channel) => Consent(channel) == false;

        public string? AddressOf(string channel) => _addresses.GetValueOrDefault(channel);

        public bool WindowOpen(string channel) =>
            _lastInbound.TryGetValue(channel, out var at)
            && _windows.TryGetValue(channel, out var window)
            && window > TimeSpan.Zero
            && _request.Now < at + window;

        /// <summary>The conversation's channel first, then the other channels the customer wrote on, most recent first.</summary>
        public IEnumerable<string> ReplyCandidates()
        {
            var inbound = Normalize(_request.InboundChannel);
            var rest = _lastInbound.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key);
            return (inbound.Length > 0 ? rest.Prepend(inbound) : rest).Distinct(StringComparer.Ordinal);
        }

        /// <summary>The customer's order, then every other consented channel by name.</summary>
        public IEnumerable<string> OrderedCandidates() =>
            _request.Customer.ChannelOrder.Select(Normalize).Where(c => c.Length > 0)
                .Concat(_consent.Where(p => p.Value).Select(p => p.Key).Order(StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal);

        /// <summary>Every channel with a consent record or an address, by name.</summary>
        public IEnumerable<string> KnownChannels() =>
            _consent.Keys.Concat(_addresses.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        /// <summary>The address to answer on when the reply window of <paramref name="channel"/> is open; else null (refusing it unless consent may still allow it).</summary>
        public string? TryReplyWindow(string channel)
        {
            if (_refused.Contains(channel))
            {
                return null;
            }

            if (OptedOut(channel))
            {
                Refuse(channel, ChannelRefusalReason.OptedOut);
                return null;
            }

            if (!WindowOpen(channel))
            {
                // A closed window still leaves a consented channel to the later steps.
                if (Consent(channel) != true && _lastInbound.ContainsKey(channel))
                {
                    Refuse(channel, ChannelRefusalReason.ReplyWindowClosed);
                }

                return null;
            }

            var address = AddressOf(channel);
            if (address is null)
            {
                Refuse(channel, ChannelRefusalReason.NoAddress);
            }

            return address;
        }

        /// <summary>The address to use on <paramref name="channel"/> if the customer consented to it; else null, refusing it.</summary>
        public string? TryConsented(string channel)
        {
            if (_refused.Contains(channel))
            {
                return null;
            }

            switch (Consent(channel))
            {
                case false:
                    Refuse(channel, ChannelRefusalReason.OptedOut);
                    return null;
                case null:
                    Refuse(channel, ChannelRefusalReason.NoConsent);
                    return null;
            }

            var address = AddressOf(channel);
            if (address is null)
            {
                Refuse(channel, ChannelRefusalReason.NoAddress);
            }

            return address;
        }

        private void Refuse(string channel, ChannelRefusalReason reason)
        {
            if (_refused.Add(channel))
            {
                _refusals.Add(new ChannelRefusal(channel, reason));
            }
        }
    }
}
