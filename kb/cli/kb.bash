# bash completion for kb: commands, their options, and slugs read from the base.
_kb()
{
    local cur prev words cword
    _init_completion 2>/dev/null || {
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    }
    local i cmd="" db=()
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --db) db=(--db "${words[i+1]}"); ((i++)) ;;
            --db=*) db=("${words[i]}") ;;
            --color) ((i++)) ;;
            --color=*) ;;
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done
    # what each option is and takes comes from kb itself: "NAME<tab>VALUES"
    local table
    table=$(kb help --options ${cmd:+"$cmd"} 2>/dev/null)
    local arg
    arg=$(awk -F'\t' -v o="$prev" '$1 == o {print $2; exit}' <<<"$table")
    if [[ $arg == *"|"* ]]; then
        COMPREPLY=($(compgen -W "${arg//|/ }" -- "$cur"))
        return
    elif [[ $arg == FILE || $arg == DIR || $arg == PATH ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
        return
    elif [[ -n $arg ]]; then
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(cut -f1 <<<"$table") --help" -- "$cur"))
        return
    fi
    if [[ -z $cmd ]]; then
        local cmds
        cmds=$(kb help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ && on {on = 0}')
        COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
        return
    fi
    case $cmd in
        brief|show|rm)
            local slugs
            slugs=$(kb "${db[@]}" sql --format tsv --no-header \
                "SELECT slug FROM entities UNION SELECT slug FROM claims UNION SELECT slug FROM debates UNION SELECT slug FROM sources" 2>/dev/null)
            COMPREPLY=($(compgen -W "$slugs" -- "$cur")) ;;
        search|sql) ;;
        help)
            local cmds
            cmds=$(kb help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} /^$/ && on {on = 0}')
            COMPREPLY=($(compgen -W "$cmds" -- "$cur")) ;;
        *)
            COMPREPLY=($(compgen -f -- "$cur")) ;;
    esac
}
complete -F _kb kb
