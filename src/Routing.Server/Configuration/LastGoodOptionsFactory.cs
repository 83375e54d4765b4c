using Microsoft.Extensions.Options;

namespace Routing.Server.Configuration;

/// <summary>
/// The options factory of a reloadable section. At start an invalid value throws (the node does not
/// start); after that, a reload the validators refuse leaves <see cref="IOptionsMonitor{TOptions}"/>
/// on the last valid value instead of throwing at every CurrentValue, so code that reads the
/// monitor keeps the old configuration, like <see cref="RoutingConfigurationHolder"/>, which asks
/// <see cref="CreateValidated"/> and logs the refusal.
/// </summary>
public sealed class LastGoodOptionsFactory<TOptions>(
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations) : IOptionsFactory<TOptions>
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> _inner = new(setups, postConfigures, validations);
    private TOptions? _lastGood;

    public TOptions Create(string name)
    {
        try
        {
            return CreateValidated(name);
        }
        catch (Exception ex) when (IsInvalid(ex) && name == Options.DefaultName && _lastGood is not null)
        {
            return _lastGood;
        }
    }

    /// <summary>Binds and validates the current configuration; throws what the validators or the binder refuse.</summary>
    public TOptions CreateValidated(string name)
    {
        var options = _inner.Create(name);
        if (name == Options.DefaultName)
        {
            _lastGood = options;
        }

        return options;
    }

    /// <summary>A refusal of the configured values: the validators', or the binder's for a value of the wrong type.</summary>
    public static bool IsInvalid(Exception ex) => ex is OptionsValidationException or InvalidOperationException or FormatException;
}
