"""Applications on top of the library: the report (:mod:`toolkit.apps.report`, also
``toolkit.report``), the explorer widget (:mod:`toolkit.apps.explorer`), the figure notebooks'
runner (:mod:`toolkit.apps.figures`) and the command line (:mod:`toolkit.apps.cli`,
``python -m toolkit``). Apps may import anything; nothing below them imports an app."""
