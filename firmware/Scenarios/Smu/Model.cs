using System;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// A plant model: plays a part of the world around the SMU (the DM, the server, the agent, the
    /// peer SMU), acts each millisecond and reacts to what the SMU does. A new model is a class here
    /// and a name in <see cref="Models.PlantModels"/>.
    /// </summary>
    public abstract class Model
    {
        /// <summary>Initializes a new instance of the <see cref="Model"/> class.</summary>
        /// <param name="world">The world it lives in.</param>
        protected Model(IWorld world)
        {
            World = world;
        }

        /// <summary>Gets the world it lives in.</summary>
        protected IWorld World { get; }

        /// <summary>Sets an option from <c>model NAME KEY=VALUE</c>.</summary>
        /// <param name="key">The option.</param>
        /// <param name="value">Its value, as written.</param>
        /// <exception cref="FormatException">No such option, or a bad value.</exception>
        public abstract void Set(string key, string value);

        /// <summary>A verb from <c>model NAME verb</c> (e.g. <c>hang</c>).</summary>
        /// <param name="verb">The verb.</param>
        /// <exception cref="FormatException">The model has no such verb.</exception>
        public virtual void Command(string verb)
        {
            throw new FormatException("this model has no command '" + verb + "'");
        }

        /// <summary>Acts at the current millisecond, before the SMU's step.</summary>
        public virtual void Tick()
        {
        }

        /// <summary>Reacts to something the SMU did (a line, a message, a log entry).</summary>
        /// <param name="e">The event.</param>
        public virtual void Observe(TraceEvent e)
        {
        }

        /// <summary>Reads a time option.</summary>
        /// <param name="value">The text.</param>
        /// <returns>Milliseconds.</returns>
        protected static long Ms(string value)
        {
            return Numbers.Time(value);
        }

        /// <summary>Reads a boolean option.</summary>
        /// <param name="value">The text.</param>
        /// <returns>The flag.</returns>
        protected static bool Flag(string value)
        {
            return Kinds.Bool.Parse(value) != 0;
        }

        /// <summary>The error for an option the model does not have.</summary>
        /// <param name="key">The option.</param>
        /// <returns>The exception to throw.</returns>
        protected static FormatException Unknown(string key)
        {
            return new FormatException("unknown model option '" + key + "'");
        }
    }
}
