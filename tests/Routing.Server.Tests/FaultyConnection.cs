using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>
/// The real multiplexer, with a switch: while <see cref="Broken"/>, every database command throws
/// what StackExchange.Redis threw inside the write-back loop during a Redis restart
/// (InvalidOperationException, not a RedisException). Everything else goes to the real Redis.
/// </summary>
public sealed class FaultyConnection
{
    public const string Message = "Writing is not allowed after writer was completed.";

    private volatile bool _broken;

    public bool Broken
    {
        get => _broken;
        set => _broken = value;
    }

    public IConnectionMultiplexer Wrap(IConnectionMultiplexer real)
    {
        var proxy = DispatchProxy.Create<IConnectionMultiplexer, Forwarder<IConnectionMultiplexer>>();
        ((Forwarder<IConnectionMultiplexer>)(object)proxy).Init(real, this, database: false);
        return proxy;
    }

    private IDatabase WrapDatabase(IDatabase real)
    {
        var proxy = DispatchProxy.Create<IDatabase, Forwarder<IDatabase>>();
        ((Forwarder<IDatabase>)(object)proxy).Init(real, this, database: true);
        return proxy;
    }

    /// <summary>Forwards every call to the real object; the database's calls fail while the switch is on.</summary>
#pragma warning disable CA1812 // created by DispatchProxy
    public class Forwarder<T> : DispatchProxy
        where T : class
#pragma warning restore CA1812
    {
        private T _target = null!;
        private FaultyConnection _owner = null!;
        private bool _database;

        internal void Init(T target, FaultyConnection owner, bool database)
        {
            _target = target;
            _owner = owner;
            _database = database;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (_database && _owner.Broken)
            {
                throw new InvalidOperationException(Message);
            }

            try
            {
                var result = targetMethod.Invoke(_target, args);
                return !_database && targetMethod.Name == nameof(IConnectionMultiplexer.GetDatabase) ? _owner.WrapDatabase((IDatabase)result!) : result;
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }
    }
}
