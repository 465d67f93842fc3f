"""What the listeners delegate to: each flow reads the store, runs the engine or the
dialogue (off the event loop), and posts what the views draw. Listeners only ack, pick the
flow, and hand it the request's team, person and place.

=============  ================================================================
module         flows
=============  ================================================================
``post``       where a message goes (:class:`Place`), posting, updating, telling
               one person ephemerally
``problems``   :class:`Refusal` and how any error reads to the person
``finding``    a scenario by name or id (close matches when none), names in a line
``intake``     the guided intake in a thread: start, clicks, typed replies, Edit…
``usage_file`` a usage export shared in an intake's thread: checked, downloaded, read,
               offered for confirmation
``results``    the result card with its summary and chart, details, export, compare
``forks``      forks from a sentence or the What if… modal; a thread's scenario
``decisions``  Record decision…: an option of a version chosen, said in the thread
``modal_read`` a What if… submission read into inputs, or field errors
``slash``      every ``/ftroi`` subcommand
``renames``    ``/ftroi rename``'s question, and its Rename and Cancel buttons
``listing``    list pages and the Home tab
=============  ================================================================
"""
